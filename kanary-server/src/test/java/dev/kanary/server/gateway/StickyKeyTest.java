package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StickyKeyTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "header:X-User          | Header[name=x-user]",
      "  Header : x-user      | Header[name=x-user]",
      "cookie:session         | FromCookie[name=session]",
      "cookie:Session-ID      | FromCookie[name=Session-ID]",
      "header:                | invalid",
      "x-user                 | invalid",
      "query:user             | invalid",
      "header:X User          | invalid",
      "cookie:a;b             | invalid",
  })
  void parsesTheAnnotation(String value, String expected) {
    StickyKey.Parsed parsed = StickyKey.parse(value);
    if (expected.equals("invalid")) {
      assertThat(parsed).isInstanceOfSatisfying(StickyKey.Invalid.class, invalid ->
          assertThat(invalid.message()).isEqualTo("annotation serving.kanary.io/sticky-key: \""
              + value + "\" is not header:NAME or cookie:NAME (e.g. header:X-User);"
              + " requests are not sticky"));
    } else {
      assertThat(parsed).isInstanceOfSatisfying(StickyKey.Valid.class,
          valid -> assertThat(valid.key().toString()).isEqualTo(expected));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "header:X-User   | x-user  | alice             | alice",
      "header:X-User   | x-user  | ''                | <none>",
      "header:X-User   | x-other | alice             | <none>",
      "cookie:session  | cookie  | a=1; session=bob  | bob",
      "cookie:session  | cookie  | a=1               | <none>",
  })
  void readsTheKeyOfARequest(String annotation, String header, String value, String expected) {
    StickyKey key = ((StickyKey.Valid) StickyKey.parse(annotation)).key();
    RequestHeaders headers = RequestHeaders.builder(HttpMethod.GET, "/").add(header, value).build();
    assertThat(key.valueIn(headers::getAll).orElse("<none>")).isEqualTo(expected);
  }
}
