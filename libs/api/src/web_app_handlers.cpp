// What the web app reads before a teacher does anything, public and the same for everyone: the upload limits it
// checks a file against before sending it, and the document-processing state machine it draws as a graph.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "ly/api/openapi.hpp"
#include "ly/api/service.hpp"
#include "ly/pipeline/functions.hpp"
#include "stored_type.hpp"

namespace ly::api {

transport::Response Service::GetLimits(const transport::Request&) {
    boost::json::array types;
    for (const std::string_view type : AcceptedMediaTypes()) types.emplace_back(type);
    boost::json::array extensions;
    for (const std::string_view extension : AcceptedExtensions()) extensions.emplace_back(extension);
    const boost::json::object limits{{"maxUploadBytes", options_.max_upload_bytes},
                                     {"acceptedTypes", std::move(types)},
                                     {"acceptedExtensions", std::move(extensions)}};
    return transport::JsonResponse(200, boost::json::serialize(limits));
}

transport::Response Service::GetStateMachine(const transport::Request& request) {
    static const std::string etag = FixedJsonETag(pipeline::DocumentProcessingAsl());
    return FixedJsonResponse(request, pipeline::DocumentProcessingAsl(), etag);
}

}  // namespace ly::api
