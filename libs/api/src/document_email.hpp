// The e-mail a document's owner gets for one of its events: "timetable ready" (job.completed) or "please check"
// (hitl.requested), naming the document by its filename, with a link when the web app's address is known.
#pragma once

#include <optional>
#include <string_view>

#include "ly/events/event.hpp"
#include "ly/mail/smtp.hpp"
#include "ly/storage/document_repository.hpp"
#include "ly/storage/user_repository.hpp"

namespace ly::api {

// nullopt for an event of another type. `public_url` has no trailing slash (empty: no link). The message's
// Message-ID is left for the e-mail target to derive from the event.
std::optional<mail::Message> DocumentEmail(const events::Event& event, const storage::User& owner,
                                           const storage::Document& document, std::string_view public_url,
                                           std::string_view signature);

}  // namespace ly::api
