// Unit tests of the server's parts that need no socket: the route table against the
// OpenAPI document, the handler boundary, the request checks, JSON body reading, and the
// admin token. The HTTP behaviour is tested end to end by the *_test.py scripts here.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "server/admin_token.hpp"
#include "server/api_error.hpp"
#include "server/app.hpp"
#include "server/dispatch.hpp"
#include "server/json_body.hpp"
#include "server/openapi.hpp"
#include "server/request_checks.hpp"
#include "server/router.hpp"

namespace entitle::server {
namespace {

using Json = nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, EmbeddedDocumentIsTheCheckedInFile) {
  std::ifstream in(ENTITLE_SOURCE_DIR "/docs/openapi.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(openapi_document(), text.str());
}

TEST(OpenApi, DescribesExactlyTheRoutesOfTheRouter) {
  const Json doc = Json::parse(openapi_document());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented, served;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) documented.insert(method + " " + path);
  const Router router = make_router();
  for (const Route& r : router.routes())
    served.insert(lower(r.method) + " " + std::string(r.pattern));
  EXPECT_EQ(documented, served);
}

TEST(OpenApi, EveryOperationDocumentsItsErrorsWithTheErrorShape) {
  const Json doc = Json::parse(openapi_document());
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      EXPECT_TRUE(op["responses"].contains("200")) << method << ' ' << path;
      EXPECT_TRUE(op["responses"].contains("405")) << method << ' ' << path;
      EXPECT_TRUE(op["responses"].contains("503")) << method << ' ' << path;
    }
}

TEST(Router, MatchesPathsAndParameters) {
  const Router router = make_router();
  RouteMatch m = router.match("GET", "/v1/rules/resident_pension.hardship_60");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/v1/rules/{id}");
  EXPECT_EQ(m.param, "resident_pension.hardship_60");
  EXPECT_EQ(router.match("GET", "/v1/rules/a%2Eb").param, "a.b");
  EXPECT_EQ(router.match("GET", "/v1/rules/").route, nullptr);
  EXPECT_EQ(router.match("GET", "/v1/rules/a/b").route, nullptr);
  EXPECT_EQ(router.match("GET", "/v1/rules/%zz").route, nullptr);
  EXPECT_EQ(router.match("POST", "/v1/evaluate").route->pattern, "/v1/evaluate");
}

TEST(Router, WrongMethodIs405WithAllowUnknownPathIs404) {
  const Router router = make_router();
  RouteMatch m = router.match("GET", "/v1/evaluate");
  EXPECT_EQ(m.route, nullptr);
  ApiError e = m.error("GET", "/v1/evaluate");
  EXPECT_EQ(e.status, 405u);
  ASSERT_EQ(e.headers.size(), 1u);
  EXPECT_EQ(e.headers[0].first, "Allow");
  EXPECT_EQ(e.headers[0].second, "POST");
  EXPECT_EQ(router.match("GET", "/v2/evaluate").error("GET", "/v2/evaluate").status, 404u);
  EXPECT_EQ(router.match("DELETE", "/v1/rules").label(), "unmatched");
}

Response throws_runtime_error(App&, const Request&, std::string_view) {
  throw std::runtime_error("cannot open /srv/secret/path: permission denied");
}
Response throws_int(App&, const Request&, std::string_view) { throw 42; }
Response throws_api_error(App&, const Request&, std::string_view) {
  throw ApiError(422, "invalid_request", "as_of: required", "as_of");
}

TEST(Dispatch, ExceptionTextGoesToTheLogNeverToTheClient) {
  App app{ServerConfig{}};
  Request request;
  request.id = 77;
  request.method = "GET";
  request.path = "/boom";
  for (Handler h : {throws_runtime_error, throws_int}) {
    std::ostringstream log;
    const Route route{"GET", "/boom", h, false};
    Response r = dispatch(route, app, request, "", log);
    EXPECT_EQ(r.status, 500u);
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
    const Json body = Json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], "internal");
    EXPECT_NE(body["error"]["message"].get<std::string>().find("77"), std::string::npos);
    EXPECT_NE(log.str().find("request 77"), std::string::npos) << log.str();
  }
  std::ostringstream log;
  const Route route{"GET", "/boom", throws_runtime_error, false};
  dispatch(route, app, request, "", log);
  EXPECT_NE(log.str().find("/srv/secret/path"), std::string::npos);
}

TEST(Dispatch, ApiErrorBecomesItsJsonAnswer) {
  App app{ServerConfig{}};
  std::ostringstream log;
  const Route route{"POST", "/x", throws_api_error, true};
  Response r = dispatch(route, app, Request{}, "", log);
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(r.body,
            R"({"error":{"code":"invalid_request","message":"as_of: required","field":"as_of"}})");
  EXPECT_TRUE(log.str().empty());
}

TEST(RequestChecks, ContentType) {
  EXPECT_FALSE(content_type_error("application/json"));
  EXPECT_FALSE(content_type_error("Application/JSON; charset=UTF-8"));
  EXPECT_FALSE(content_type_error("application/json;charset=\"utf-8\""));
  EXPECT_EQ(content_type_error("text/plain")->status, 415u);
  EXPECT_EQ(content_type_error("")->status, 415u);
  EXPECT_EQ(content_type_error("application/json; charset=latin1")->status, 415u);
  EXPECT_EQ(content_type_error("application/jsonx")->status, 415u);
}

TEST(RequestChecks, CompressedBodiesAreRefused) {
  EXPECT_FALSE(encoding_error("", ""));
  EXPECT_FALSE(encoding_error("identity", "chunked"));
  EXPECT_EQ(encoding_error("gzip", "")->status, 415u);
  EXPECT_EQ(encoding_error(" Deflate ", "")->status, 415u);
  EXPECT_EQ(encoding_error("", "gzip, chunked")->status, 415u);
}

TEST(JsonBody, MalformedJsonNamesLineAndColumnInCharacters) {
  try {
    check_json("{\"a\":\n \"年\", }", 32);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400u);
    EXPECT_EQ(e.code, "malformed_json");
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 7u);  // the '}' after "年", counted as one character
  }
}

TEST(JsonBody, DepthLimitIsExactAndPointsAtTheBracket) {
  EXPECT_NO_THROW(check_json("[[[1]]]", 3));
  try {
    check_json("[[[[1]]]]", 3);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400u);
    EXPECT_EQ(e.code, "json_too_deep");
    EXPECT_EQ(e.column, 4u);
  }
  EXPECT_NO_THROW(check_json("{\"s\":\"[[[[[[\"}", 2));  // brackets inside strings do not count
}

TEST(JsonBody, MembersKeepTheirTextAndPosition) {
  const std::string body =
      "\xEF\xBB\xBF{ \"as_of\" : \"2024-07-01\",\n  \"record\": {\"x\": [1, {\"y\": \"}\"}]} }";
  check_json(body, 32);
  std::vector<JsonMember> ms = object_members(body);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].key, "as_of");
  EXPECT_EQ(ms[0].value, "\"2024-07-01\"");
  EXPECT_EQ(ms[1].key, "record");
  EXPECT_EQ(ms[1].value, "{\"x\": [1, {\"y\": \"}\"}]}");
  EXPECT_EQ(ms[1].value_at.line, 2u);
  EXPECT_EQ(ms[1].value_at.column, 13u);
  EXPECT_THROW(object_members("[1]"), ApiError);
}

TEST(JsonBody, PositionsInsideAValueMoveToTheBody) {
  const TextPosition start{3, 10};
  EXPECT_EQ(in_body(start, 1, 1).line, 3u);
  EXPECT_EQ(in_body(start, 1, 5).column, 14u);
  EXPECT_EQ(in_body(start, 2, 5).line, 4u);
  EXPECT_EQ(in_body(start, 2, 5).column, 5u);
}

TEST(AdminToken, AcceptsOnlyTheExactBearerToken) {
  const std::string path = ::testing::TempDir() + "/entitle_admin_token";
  {
    std::ofstream out(path);
    out << "  s3cret-token-0123456789\n";
  }
  AdminToken t = AdminToken::from_file(path);
  EXPECT_TRUE(t.accepts("Bearer s3cret-token-0123456789"));
  EXPECT_TRUE(t.accepts("bearer s3cret-token-0123456789"));
  EXPECT_FALSE(t.accepts("Bearer s3cret-token-012345678"));
  EXPECT_FALSE(t.accepts("Bearer s3cret-token-01234567890"));
  EXPECT_FALSE(t.accepts("Basic s3cret-token-0123456789"));
  EXPECT_FALSE(t.accepts(""));
  {
    std::ofstream out(path);
    out << "short\n";
  }
  EXPECT_THROW(AdminToken::from_file(path), std::runtime_error);
  EXPECT_THROW(AdminToken::from_file(path + ".missing"), std::runtime_error);
}

}  // namespace
}  // namespace entitle::server
