# Sourced by ./kanary and ./verify: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME when it is new enough, else the newest JDK under /usr/lib/jvm (Debian's layout),
# so a fresh machine whose default java is older needs no manual step.

kanary_java_major() { # $1: a JDK home; prints its feature version, or nothing
  local home=$1 version=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case $version in
    1.*) echo "${version#1.}" | cut -d. -f1 ;;
    ?*) echo "$version" | cut -d. -f1 | cut -d- -f1 ;;
  esac
}

kanary_find_jdk() {
  local wanted=21 best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(kanary_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$wanted" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for home in /usr/lib/jvm/*; do
    [ -d "$home" ] && [ ! -L "$home" ] || continue
    [ -x "$home/bin/javac" ] || continue
    major=$(kanary_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$wanted" ] && [ "$major" -gt "$best_major" ]; then
      best=$home
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "kanary: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME" >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME=$(kanary_find_jdk) || exit 1
export JAVA_HOME
KANARY_JAVA_MAJOR=$(kanary_java_major "$JAVA_HOME")
