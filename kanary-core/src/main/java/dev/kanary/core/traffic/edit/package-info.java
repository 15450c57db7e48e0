/**
 * {@code kn service update --traffic/--tag/--untag} as a pure function: {@link
 * dev.kanary.core.traffic.edit.TrafficEditor#compute} turns a Service's traffic block and the raw
 * flags into the new {@code spec.traffic}, or fails with kn's own message.
 */
package dev.kanary.core.traffic.edit;
