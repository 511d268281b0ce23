#include "document_email.hpp"

#include <boost/json/parse.hpp>
#include <string>

namespace ly::api {
namespace {

namespace json = boost::json;

// A number of the event's detail (blockCount), when present.
std::optional<std::int64_t> DetailInteger(const events::Event& event, std::string_view field) {
    boost::system::error_code ec;
    const json::value detail = json::parse(event.detail, ec);
    if (ec || !detail.is_object()) return std::nullopt;
    const json::value* value = detail.as_object().if_contains(field);
    if (value == nullptr || !value->is_int64()) return std::nullopt;
    return value->as_int64();
}

}  // namespace

std::optional<mail::Message> DocumentEmail(const events::Event& event, const storage::User& owner,
                                           const storage::Document& document, std::string_view public_url,
                                           std::string_view signature) {
    const std::string filename = document.filename.empty() ? std::string("your document") : document.filename;
    const std::string greeting = owner.name.empty() ? "Hello,\n\n" : "Hello " + owner.name + ",\n\n";
    const std::string closing = signature.empty() ? std::string() : "\n-- \n" + std::string(signature) + "\n";
    mail::Message message{.to = owner.email, .to_name = owner.name, .subject = {}, .text = {}, .message_id = {}};
    if (event.detail_type == "job.completed") {
        message.subject = "Your timetable is ready: " + filename;
        message.text = greeting + "The timetable in \"" + filename + "\" has been read and saved";
        if (auto blocks = DetailInteger(event, "blockCount")) {
            message.text += " (" + std::to_string(*blocks) + (*blocks == 1 ? " lesson" : " lessons") + ")";
        }
        message.text += ".\n";
        if (!public_url.empty())
            message.text += "\nSee it here: " + std::string(public_url) + "/documents/" + document.id + "\n";
    } else if (event.detail_type == "hitl.requested") {
        message.subject = "Please check your timetable: " + filename;
        message.text = greeting + "The timetable in \"" + filename +
                       "\" could not be read with enough confidence, so it waits for you to check and correct it "
                       "before it is saved.\n";
        if (auto reason = events::DetailString(event, "reason")) message.text += "\nWhy: " + *reason + "\n";
        if (!public_url.empty()) {
            message.text += "\nCheck it here: " + std::string(public_url) + "/reviews/" + document.id + "\n";
        }
    } else {
        return std::nullopt;
    }
    message.text += closing;
    return message;
}

}  // namespace ly::api
