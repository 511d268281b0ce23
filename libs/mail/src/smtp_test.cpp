// The SMTP sender against a real SMTP server (aiosmtpd, started per test): what arrives is read back by Python's
// own e-mail parser, so the headers' encoding and the body's transfer encoding are checked independently.
#include "ly/mail/smtp.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ly/testing/smtp_sink.hpp"

namespace ly::mail {
namespace {

using ::ly::testing::SmtpSink;

SmtpOptions Options(const std::string& url) {
    return {.url = url,
            .from = "timetables@school.example",
            .from_name = "Learning Yogi",
            .starttls = StartTls::kOff,
            .timeout = std::chrono::milliseconds(10'000)};
}

SmtpSender MustCreate(const SmtpOptions& options) {
    auto sender = SmtpSender::Create(options);
    EXPECT_TRUE(sender.ok()) << sender.error().message;
    return std::move(sender).value();
}

std::string Field(const boost::json::object& object, std::string_view name) {
    return std::string(object.at(name).as_string());
}

TEST(SmtpSender, DeliversAPlainTextMessageWithItsHeaders) {
    SmtpSink sink;
    const Message message{.to = "ann@school.example",
                          .to_name = "Ann Smith",
                          .subject = "Your timetable is ready: week.docx",
                          .text = "Hello Ann,\n\nThe timetable is ready.\n",
                          .message_id = "<event-1@school.example>"};
    auto sent = MustCreate(Options(sink.url())).Send(message);
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    const auto messages = sink.Messages();
    ASSERT_EQ(messages.size(), 1u);
    const auto& got = messages[0];
    EXPECT_EQ(Field(got, "mailFrom"), "timetables@school.example");
    ASSERT_EQ(got.at("rcptTos").as_array().size(), 1u);
    EXPECT_EQ(got.at("rcptTos").as_array()[0].as_string(), "ann@school.example");
    EXPECT_EQ(SmtpSink::Header(got, "From"), "Learning Yogi <timetables@school.example>");
    EXPECT_EQ(SmtpSink::Header(got, "To"), "Ann Smith <ann@school.example>");
    EXPECT_EQ(SmtpSink::Header(got, "Subject"), "Your timetable is ready: week.docx");
    EXPECT_EQ(SmtpSink::Header(got, "Message-ID"), "<event-1@school.example>");
    EXPECT_EQ(SmtpSink::Header(got, "MIME-Version"), "1.0");
    EXPECT_EQ(SmtpSink::Header(got, "Content-Type"), "text/plain; charset=\"utf-8\"");
    EXPECT_EQ(SmtpSink::Header(got, "Auto-Submitted"), "auto-generated");
    EXPECT_NE(SmtpSink::Header(got, "Date").find(" +0000"), std::string::npos) << SmtpSink::Header(got, "Date");
    EXPECT_EQ(Field(got, "body"), "Hello Ann,\n\nThe timetable is ready.\n");
    EXPECT_EQ(got.at("login"), nullptr);
}

TEST(SmtpSender, EncodesNonAsciiNamesSubjectsAndBodies) {
    SmtpSink sink;
    const std::string long_line(300, 'x');
    const Message message{
        .to = "zoe@school.example",
        .to_name = "Zoë \"Z\" Ångström",
        .subject = "Emploi du temps prêt : « semaine 3 » — très long nom de fichier, vraiment très long.docx",
        .text = "Ligne é\r\n.\n= sign and trailing space \n" + long_line + "\n"};
    ASSERT_TRUE(MustCreate(Options(sink.url())).Send(message).ok());
    const auto messages = sink.Messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(SmtpSink::Header(messages[0], "To"), "\"Zoë \\\"Z\\\" Ångström\" <zoe@school.example>");
    EXPECT_EQ(SmtpSink::Header(messages[0], "Subject"), message.subject);
    EXPECT_EQ(Field(messages[0], "body"), "Ligne é\n.\n= sign and trailing space \n" + long_line + "\n");
    // On the wire every line stays short and 7-bit, whatever the text held.
    const std::string raw = Field(messages[0], "raw");
    std::size_t start = 0;
    while (start < raw.size()) {
        const std::size_t end = raw.find('\n', start);
        EXPECT_LE((end == std::string::npos ? raw.size() : end) - start, 78u);
        start = end == std::string::npos ? raw.size() : end + 1;
    }
    for (const char c : raw) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
    // A random Message-ID at the sender's domain when none is given.
    const std::string id = SmtpSink::Header(messages[0], "Message-ID");
    EXPECT_TRUE(id.starts_with("<") && id.ends_with("@school.example>")) << id;
}

TEST(SmtpSender, HeaderInjectionThroughUserTextIsNeutralised) {
    SmtpSink sink;
    const Message message{.to = "ann@school.example",
                          .to_name = "Ann\r\nBcc: victim@evil.example",
                          .subject = "week.docx\r\nBcc: victim@evil.example\r\n\r\nforged body",
                          .text = "Hello\n"};
    ASSERT_TRUE(MustCreate(Options(sink.url())).Send(message).ok());
    const auto messages = sink.Messages();
    ASSERT_EQ(messages.size(), 1u);
    const auto& got = messages[0];
    EXPECT_EQ(got.at("rcptTos").as_array().size(), 1u);
    EXPECT_EQ(SmtpSink::Header(got, "Bcc"), "");
    EXPECT_EQ(SmtpSink::Header(got, "Subject"), "week.docx Bcc: victim@evil.example forged body");
    EXPECT_EQ(SmtpSink::Header(got, "To"), "\"Ann Bcc: victim@evil.example\" <ann@school.example>");
    EXPECT_EQ(Field(got, "body"), "Hello\n");
}

TEST(SmtpSender, RefusesAddressesThatAreNotOne) {
    const SmtpSender sender = MustCreate(Options("smtp://127.0.0.1:1"));
    for (const std::string to : {"", "ann", "ann@", "@school.example", "ann@school.example\r\nRCPT TO:<x@y.z>",
                                 "ann smith@school.example", "<ann@school.example>", "a@b@c"}) {
        auto sent = sender.Send({.to = to, .subject = "s", .text = "t"});
        ASSERT_FALSE(sent.ok()) << to;
        EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(sent.error().message, "the recipient is not an e-mail address");
    }
    EXPECT_FALSE(
        sender.Send({.to = "ann@school.example", .subject = "s", .text = "t", .message_id = "<a\r\nb@c>"}).ok());
}

TEST(SmtpSender, AServerThatIsDownIsAClearRetryableError) {
    std::string url;
    {
        SmtpSink sink;  // a port that was just free: nobody listens once the sink has stopped
        url = sink.url();
    }
    auto sent = MustCreate(Options(url)).Send({.to = "ann@school.example", .subject = "s", .text = "t"});
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(sent.error().message.starts_with("cannot send e-mail through " + url + ": ")) << sent.error().message;
    EXPECT_NE(sent.error().message.find("onnect"), std::string::npos) << sent.error().message;
}

TEST(SmtpSender, ATemporaryRefusalIsRetryable) {
    SmtpSink sink({"--fail-first", "1"});
    const SmtpSender sender = MustCreate(Options(sink.url()));
    auto first = sender.Send({.to = "ann@school.example", .subject = "s", .text = "t"});
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().code, ErrorCode::kUnavailable) << first.error().message;
    ASSERT_TRUE(sender.Send({.to = "ann@school.example", .subject = "s", .text = "t"}).ok());
    EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST(SmtpSender, LogsInWithUsernameAndPasswordAndNeverShowsThePassword) {
    SmtpSink sink({"--username", "mailer", "--password", "pa55-word-for-tests"});
    SmtpOptions options = Options(sink.url());
    options.username = "mailer";
    options.password = "pa55-word-for-tests";
    ASSERT_TRUE(MustCreate(options).Send({.to = "ann@school.example", .subject = "s", .text = "t"}).ok());
    ASSERT_EQ(sink.Messages().size(), 1u);
    EXPECT_EQ(Field(sink.Messages()[0], "login"), "mailer");

    options.password = "wrong-pa55-word";
    auto refused = MustCreate(options).Send({.to = "ann@school.example", .subject = "s", .text = "t"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated) << refused.error().message;
    EXPECT_EQ(refused.error().message.find("pa55"), std::string::npos);
    EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST(SmtpSender, RequiredStartTlsIsNotSilentlySkipped) {
    SmtpSink sink;  // offers no STARTTLS
    SmtpOptions options = Options(sink.url());
    options.starttls = StartTls::kRequire;
    auto sent = MustCreate(options).Send({.to = "ann@school.example", .subject = "s", .text = "t"});
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(sent.error().message.find("STARTTLS"), std::string::npos) << sent.error().message;
    EXPECT_TRUE(sink.Messages().empty());
    options.starttls = StartTls::kTry;  // opportunistic: sends in clear when the server has no TLS
    EXPECT_TRUE(MustCreate(options).Send({.to = "ann@school.example", .subject = "s", .text = "t"}).ok());
}

TEST(SmtpSender, CreateRefusesBadOptionsNamingThem) {
    auto message = [](SmtpOptions options) {
        auto created = SmtpSender::Create(std::move(options));
        EXPECT_FALSE(created.ok());
        return created.ok() ? std::string() : created.error().message;
    };
    EXPECT_NE(message(Options("http://mail.example")).find("smtp:// or smtps://"), std::string::npos);
    EXPECT_NE(message(Options("smtp://user:secret@mail.example")).find("must not hold a user or password"),
              std::string::npos);
    EXPECT_EQ(message(Options("smtp://user:secret@mail.example")).find("secret"), std::string::npos);
    SmtpOptions bad_from = Options("smtp://mail.example");
    bad_from.from = "timetables\r\nBcc: x@y.z";
    EXPECT_NE(message(bad_from).find("is not an e-mail address"), std::string::npos);
    SmtpOptions no_password = Options("smtp://mail.example");
    no_password.username = "mailer";
    EXPECT_NE(message(no_password).find("without a password"), std::string::npos);
    SmtpOptions clear = Options("smtp://mail.example:587");
    clear.username = "mailer";
    clear.password = "pw";
    EXPECT_NE(message(clear).find("unencrypted"), std::string::npos);
    SmtpOptions no_timeout = Options("smtp://mail.example");
    no_timeout.timeout = std::chrono::milliseconds(0);
    EXPECT_NE(message(no_timeout).find("timeout"), std::string::npos);

    clear.starttls = StartTls::kRequire;
    EXPECT_TRUE(SmtpSender::Create(clear).ok());
    clear.url = "smtps://mail.example";
    clear.starttls = StartTls::kOff;
    auto implicit = SmtpSender::Create(clear);
    ASSERT_TRUE(implicit.ok());
    EXPECT_EQ(implicit->server(), "smtps://mail.example:465");
}

TEST(FormatMessage, WritesCrlfHeadersThenTheBody) {
    auto text = FormatMessage({.to = "ann@school.example", .subject = "Hi", .text = "a\nb"}, "from@school.example", "",
                              1'796'000'000);
    ASSERT_TRUE(text.ok());
    EXPECT_NE(text->find("Date: Mon, 30 Nov 2026 00:53:20 +0000"), std::string::npos) << *text;
    EXPECT_NE(text->find("\r\nFrom: <from@school.example>\r\nTo: <ann@school.example>\r\nSubject: Hi\r\n"),
              std::string::npos)
        << *text;
    EXPECT_TRUE(text->ends_with("\r\n\r\na\r\nb\r\n")) << *text;
}

}  // namespace
}  // namespace ly::mail
