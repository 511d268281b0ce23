#include "ly/transport/router.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "ly/transport/problem.hpp"

namespace ly::transport {
namespace {

Response Text(std::string body) {
    Response response;
    response.headers.Set("Content-Type", "text/plain");
    response.body = std::move(body);
    return response;
}

Request Make(std::string method, std::string target) {
    auto request = MakeRequest(std::move(method), std::move(target));
    EXPECT_TRUE(request.ok());
    return std::move(request).value();
}

Router SampleRouter() {
    Router router;
    router.Add("GET", "/healthz", [](const Request&) { return Text("ok"); });
    router.Add("POST", "/things", [](const Request&) { return Text("created"); },
               {Execution::kWorkerPool, 1234, nullptr});
    router.Add("DELETE", "/things/{id}",
               [](const Request& r) { return Text("deleted " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/things/{id}",
               [](const Request& r) { return Text("thing " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("secret /etc/passwd"); });
    return router;
}

TEST(Router, CallsTheHandlerOfTheMatchingRoute) {
    const Router router = SampleRouter();
    EXPECT_EQ(router.Handle(Make("GET", "/healthz")).body, "ok");
    EXPECT_EQ(router.Handle(Make("POST", "/things")).body, "created");
}

TEST(Router, TheFallbackAnswersGetAndHeadOfUnmatchedPathsOnly) {
    Router router = SampleRouter();
    EXPECT_EQ(router.Handle(Make("GET", "/timetables/abc")).status, 404);
    router.SetFallback([](const Request& r) { return Text("file " + r.path); });
    EXPECT_EQ(router.Handle(Make("GET", "/timetables/abc")).body, "file /timetables/abc");
    EXPECT_EQ(router.Handle(Make("HEAD", "/")).body, "file /");
    EXPECT_EQ(router.Handle(Make("GET", "/healthz")).body, "ok");
    // A path served with other methods keeps its 405; other methods on unmatched paths keep their 404.
    EXPECT_EQ(router.Handle(Make("GET", "/things")).status, 405);
    EXPECT_EQ(router.Handle(Make("POST", "/timetables/abc")).status, 404);
    // Not a route: the API's documentation is checked against routes().
    for (const Route& route : router.routes()) EXPECT_NE(route.pattern, Router::kFallbackPattern);
    EXPECT_EQ(router.Find("GET", "/x/y").route->pattern, Router::kFallbackPattern);
}

TEST(Router, FillsPathParameters) {
    const Router router = SampleRouter();
    EXPECT_EQ(router.Handle(Make("GET", "/things/42")).body, "thing 42");
    EXPECT_EQ(router.Handle(Make("DELETE", "/things/7")).body, "deleted 7");
    const RouteMatch match = SampleRouter().Find("GET", "/things/abc");
    ASSERT_NE(match.route, nullptr);
    ASSERT_EQ(match.path_params.size(), 1u);
    EXPECT_EQ(match.path_params[0].first, "id");
    EXPECT_EQ(match.path_params[0].second, "abc");
}

Router ExportRouter() {
    Router router;
    // The plain parameter is added first: specificity, not order, must send "7.ics" to the export.
    router.Add("GET", "/t/{id}", [](const Request& r) { return Text("json " + std::string(*r.PathParam("id"))); });
    router.Add("DELETE", "/t/{id}", [](const Request& r) { return Text("gone " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/t/{id}.ics", [](const Request& r) { return Text("ics " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/t/{id}.csv", [](const Request& r) { return Text("csv " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/t/{id}.tar.gz",
               [](const Request& r) { return Text("tgz " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/t/{id}.gz", [](const Request& r) { return Text("gz " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/t/{id}/blocks",
               [](const Request& r) { return Text("blocks " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/d/{id}", [](const Request& r) { return Text("doc " + std::string(*r.PathParam("id"))); });
    router.Add("GET", "/d/upload", [](const Request&) { return Text("upload form"); });
    return router;
}

TEST(Router, ASuffixedParameterMatchesThePartBeforeItsSuffix) {
    const Router router = ExportRouter();
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc.ics")).body, "ics abc");
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc.csv")).body, "csv abc");
    EXPECT_EQ(router.Handle(Make("GET", "/t/a.b.ics")).body, "ics a.b");  // the suffix is taken from the end
    const RouteMatch match = router.Find("GET", "/t/3f2a.ics");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->pattern, "/t/{id}.ics");
    ASSERT_EQ(match.path_params.size(), 1u);
    EXPECT_EQ(match.path_params[0].first, "id");
    EXPECT_EQ(match.path_params[0].second, "3f2a");
}

TEST(Router, TheMostSpecificPatternWinsWhateverTheOrder) {
    const Router router = ExportRouter();
    // No suffixed route fits: the plain parameter takes the whole segment, dots included.
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc")).body, "json abc");
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc.pdf")).body, "json abc.pdf");
    // The suffix alone leaves the parameter empty, so the suffixed route does not match.
    EXPECT_EQ(router.Handle(Make("GET", "/t/.ics")).body, "json .ics");
    // A longer suffix beats a shorter one.
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc.tar.gz")).body, "tgz abc");
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc.gz")).body, "gz abc");
    // A literal beats a parameter even when added after it.
    EXPECT_EQ(router.Handle(Make("GET", "/d/upload")).body, "upload form");
    EXPECT_EQ(router.Handle(Make("GET", "/d/42")).body, "doc 42");
    EXPECT_EQ(router.Handle(Make("GET", "/t/abc/blocks")).body, "blocks abc");
}

TEST(Router, OnlyTheWinningPatternsMethodsAnswerThePath) {
    const Router router = ExportRouter();
    // DELETE exists for "/t/{id}", but "/t/abc.ics" belongs to "/t/{id}.ics", which only has GET.
    const RouteMatch match = router.Find("DELETE", "/t/abc.ics");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_EQ(match.pattern, "/t/{id}.ics");
    EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "HEAD"}));
    EXPECT_EQ(router.Handle(Make("DELETE", "/t/abc.ics")).status, 405);
    EXPECT_EQ(router.Handle(Make("DELETE", "/t/abc")).body, "gone abc");
    const RouteMatch head = router.Find("HEAD", "/t/abc.ics");
    ASSERT_NE(head.route, nullptr);
    EXPECT_EQ(head.route->pattern, "/t/{id}.ics");
}

TEST(Router, ReportsRouteOptionsToTheSession) {
    const Router router = SampleRouter();
    const RouteMatch post = router.Find("POST", "/things");
    ASSERT_NE(post.route, nullptr);
    EXPECT_EQ(post.route->options.execution, Execution::kWorkerPool);
    EXPECT_EQ(post.route->options.max_body_bytes, 1234u);
    const RouteMatch get = router.Find("GET", "/healthz");
    ASSERT_NE(get.route, nullptr);
    EXPECT_EQ(get.route->options.execution, Execution::kInline);
    EXPECT_EQ(get.route->options.max_body_bytes, kDefaultMaxBodyBytes);
}

TEST(Router, UnknownPathIs404Problem) {
    const Router router = SampleRouter();
    for (const char* path : {"/", "/nope", "/healthz/", "/things/1/more", "/things/"}) {
        const Response response = router.Handle(Make("GET", path));
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_EQ(response.headers.Get("Content-Type"), kProblemContentType);
        const auto problem = boost::json::parse(response.body).as_object();
        EXPECT_EQ(problem.at("status").as_int64(), 404);
        EXPECT_EQ(problem.at("type").as_string(), "urn:ly:problem:not_found");
    }
}

TEST(Router, WrongMethodIs405WithAllow) {
    const Router router = SampleRouter();
    const Response response = router.Handle(Make("POST", "/healthz"));
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.headers.Get("Allow"), "GET, HEAD");
    EXPECT_EQ(response.headers.Get("Content-Type"), kProblemContentType);
    const auto problem = boost::json::parse(response.body).as_object();
    EXPECT_EQ(problem.at("status").as_int64(), 405);
    EXPECT_EQ(problem.at("title").as_string(), "Method not allowed");

    EXPECT_EQ(router.Handle(Make("PUT", "/things/3")).headers.Get("Allow"), "DELETE, GET, HEAD");
    EXPECT_EQ(router.Handle(Make("GET", "/things")).headers.Get("Allow"), "POST");
}

TEST(Router, WrongMethodReportsThePathsPatternAndMethods) {
    const Router router = SampleRouter();
    const RouteMatch match = router.Find("OPTIONS", "/things/9");
    EXPECT_EQ(match.route, nullptr);
    EXPECT_EQ(match.pattern, "/things/{id}");
    EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"DELETE", "GET", "HEAD"}));
    const RouteMatch unknown = router.Find("GET", "/nope");
    EXPECT_TRUE(unknown.pattern.empty());
    EXPECT_TRUE(unknown.allowed_methods.empty());
}

TEST(Router, ClientIpLimitAnswers429BeforeTheHandler) {
    int calls = 0;
    RouteOptions options;
    options.limit_by_client_ip = std::make_shared<RateLimiter>(RateLimit{1, 2});
    Router router;
    router.Add(
        "POST", "/login",
        [&calls](const Request&) {
            ++calls;
            return Text("in");
        },
        options);
    Request from_a = Make("POST", "/login");
    from_a.client_ip = "192.0.2.1";
    Request from_b = Make("POST", "/login");
    from_b.client_ip = "192.0.2.2";
    EXPECT_EQ(router.Handle(from_a).status, 200);
    EXPECT_EQ(router.Handle(from_a).status, 200);
    const Response refused = router.Handle(from_a);
    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(refused.headers.Get("Retry-After"), "60");
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(router.Handle(from_b).status, 200);  // another client has its own bucket
    EXPECT_EQ(calls, 3);
}

TEST(Router, HeadUsesTheGetRoute) {
    const Router router = SampleRouter();
    const RouteMatch match = router.Find("HEAD", "/healthz");
    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->method, "GET");
}

TEST(Router, HandlerExceptionIs500WithoutInternals) {
    const Router router = SampleRouter();
    const Response response = router.Handle(Make("GET", "/boom"));
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.body.find("passwd"), std::string::npos);
    EXPECT_EQ(response.body.find("secret"), std::string::npos);
    EXPECT_NE(response.internal_error.find("secret /etc/passwd"), std::string::npos);
}

TEST(Router, ListsItsRoutesInTheOrderAdded) {
    const Router router = SampleRouter();
    std::vector<std::string> listed;
    for (const Route& route : router.routes()) listed.push_back(route.method + " " + route.pattern);
    EXPECT_EQ(listed, (std::vector<std::string>{"GET /healthz", "POST /things", "DELETE /things/{id}",
                                                "GET /things/{id}", "GET /boom"}));
}

}  // namespace
}  // namespace ly::transport
