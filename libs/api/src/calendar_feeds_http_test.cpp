// Calendar feeds over real HTTP: a teacher makes a feed of a timetable, a calendar fetches it without a bearer and
// gets the timetable's .ics as it is now (a correction shows), revoking it ends it; another user can neither list
// nor revoke it; the database holds the token's SHA-256 only.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <regex>
#include <string>

#include "http_test_client.hpp"
#include "ly/base/sha256.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/testing/files.hpp"

namespace ly::api {
namespace {

using testing::HttpAnswer;

constexpr std::string_view kBoundary = "ly-feeds-boundary-9aQ";

class CalendarFeedsHttpTest : public testing::SharedServerTest {
  protected:
    // A timetable of `account`'s, read from the text fixture.
    static std::string NewTimetable(const Account& account) {
        const std::string week =
            ::ly::testing::ReadFile(std::filesystem::path(LY_SOURCE_DIR) / "tests/fixtures/text/week_list.txt");
        std::string body = "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"file\"; filename=\"week_list.txt\"\r\n\r\n";
        body += week + "\r\n--" + std::string(kBoundary) + "--\r\n";
        const HttpAnswer uploaded =
            server_->Call("POST", "/api/v1/documents", body,
                          {{"Authorization", "Bearer " + account.access_token},
                           {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
        EXPECT_EQ(uploaded.status, 201) << uploaded.body;
        const std::string document_id = uploaded.Field("documentId");
        WaitUntilProcessed(account, document_id);
        const HttpAnswer timetable =
            server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", account.access_token);
        EXPECT_EQ(timetable.status, 200) << timetable.body;
        return timetable.Field("id");
    }

    static HttpAnswer Send(const std::string& method, const std::string& target, const Account& account,
                           const std::string& json = {}) {
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + account.access_token}};
        if (!json.empty()) headers["Content-Type"] = "application/json";
        return server_->Call(method, target, json, headers);
    }
};

TEST_F(CalendarFeedsHttpTest, AFeedServesTheTimetableAsItIsNowUntilRevoked) {
    const Account owner = NewAccount();
    const std::string timetable_id = NewTimetable(owner);
    ASSERT_FALSE(timetable_id.empty());
    const std::string timetable_path = "/api/v1/timetables/" + timetable_id;

    const HttpAnswer created = Send("POST", timetable_path + "/feeds", owner);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string url = created.Field("url");
    EXPECT_TRUE(std::regex_match(url, std::regex("/api/v1/calendar/[A-Za-z0-9_-]{43}\\.ics"))) << url;
    EXPECT_TRUE(std::regex_match(created.Field("createdAt"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*Z)")));

    // No bearer: the URL is the credential. The same calendar as the owner's own export.
    const HttpAnswer calendar = server_->Call("GET", url);
    ASSERT_EQ(calendar.status, 200) << calendar.body;
    EXPECT_EQ(calendar.Header("content-type"), "text/calendar; charset=utf-8");
    EXPECT_EQ(calendar.Header("cache-control"), "private, max-age=300");
    EXPECT_EQ(calendar.body, Send("GET", timetable_path + ".ics", owner).body);
    EXPECT_NE(calendar.body.find("BEGIN:VCALENDAR"), std::string::npos);

    // A correction shows in the feed.
    const boost::json::value timetable = Send("GET", timetable_path, owner).Json();
    const auto& block = timetable.at("timeblocks").as_array().at(0).as_object();
    const std::string block_path = timetable_path + "/timeblocks/" + std::string(block.at("id").as_string());
    ASSERT_EQ(calendar.body.find("Corrected Chemistry"), std::string::npos);
    const HttpAnswer corrected =
        Send("PUT", block_path, owner, R"({"day":"Monday","start":"08:05","end":"08:55","name":"Corrected Chemistry"})");
    ASSERT_EQ(corrected.status, 200) << corrected.body;
    const HttpAnswer after = server_->Call("GET", url);
    EXPECT_EQ(after.status, 200);
    EXPECT_NE(after.body.find("SUMMARY:Corrected Chemistry"), std::string::npos) << after.body;

    // Listed without its URL, then revoked: gone from the list, the URL answers 404.
    const HttpAnswer listed = Send("GET", timetable_path + "/feeds", owner);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const boost::json::value listed_json = listed.Json();
    const auto& feeds = listed_json.at("feeds").as_array();
    ASSERT_EQ(feeds.size(), 1u);
    EXPECT_EQ(feeds[0].at("id").as_string(), created.Field("id"));
    EXPECT_EQ(listed.body.find(url.substr(17, 43)), std::string::npos);
    EXPECT_EQ(Send("DELETE", timetable_path + "/feeds/" + created.Field("id"), owner).status, 204);
    ExpectProblem(server_->Call("GET", url), 404);
    EXPECT_TRUE(Send("GET", timetable_path + "/feeds", owner).Json().at("feeds").as_array().empty());
    ExpectProblem(Send("DELETE", timetable_path + "/feeds/" + created.Field("id"), owner), 404);
}

TEST_F(CalendarFeedsHttpTest, OnlyTheOwnerListsMakesOrRevokesFeedsAndUnknownTokensAre404) {
    const Account owner = NewAccount();
    const Account other = NewAccount();
    const std::string timetable_path = "/api/v1/timetables/" + NewTimetable(owner);
    const HttpAnswer created = Send("POST", timetable_path + "/feeds", owner);
    ASSERT_EQ(created.status, 201) << created.body;

    ExpectProblem(Send("GET", timetable_path + "/feeds", other), 404);
    ExpectProblem(Send("POST", timetable_path + "/feeds", other), 404);
    ExpectProblem(Send("DELETE", timetable_path + "/feeds/" + created.Field("id"), other), 404);
    ExpectProblem(server_->Call("GET", timetable_path + "/feeds"), 401);
    ExpectProblem(server_->Call("POST", timetable_path + "/feeds"), 401);
    EXPECT_EQ(server_->Call("GET", created.Field("url")).status, 200);  // still the owner's, still served

    ExpectProblem(server_->Call("GET", "/api/v1/calendar/" + std::string(43, 'A') + ".ics"), 404);
    ExpectProblem(server_->Call("GET", "/api/v1/calendar/short.ics"), 404);
}

TEST_F(CalendarFeedsHttpTest, TheDatabaseHoldsTheTokensHashNeverTheToken) {
    const Account owner = NewAccount();
    const HttpAnswer created = Send("POST", "/api/v1/timetables/" + NewTimetable(owner) + "/feeds", owner);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string url = created.Field("url");
    const std::string token = url.substr(std::string("/api/v1/calendar/").size(), 43);

    auto database = storage::OpenSqliteDatabase({.path = folder_->path() / "data" / "ly.db", .connections = 1});
    ASSERT_TRUE(database.ok()) << database.error().message;
    auto rows = (*database)->Query("SELECT id, user_id, timetable_id, token_hash, created_at, revoked_at "
                                   "FROM calendar_feeds WHERE id = ?",
                                   {created.Field("id")});
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
    const storage::Row& row = rows->front();
    EXPECT_EQ(row.Text(1), owner.id);
    EXPECT_EQ(row.Text(3), Sha256Hex(token));
    EXPECT_FALSE(row.OptionalInt(5).has_value());
    for (std::size_t column = 0; column < 4; ++column) EXPECT_EQ(row.Text(column).find(token), std::string::npos);
    // Nowhere else either: the server's whole database file never holds it.
    EXPECT_EQ(::ly::testing::ReadFile(folder_->path() / "data" / "ly.db").find(token), std::string::npos);
    EXPECT_EQ(::ly::testing::ReadFile(folder_->path() / "data" / "ly.db-wal").find(token), std::string::npos);
}

}  // namespace
}  // namespace ly::api
