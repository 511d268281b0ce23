// The state machine we ship and the functions we have agree: the workflow engine accepts the definition, and
// every function it names is one of the pipeline's.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ly/pipeline/functions.hpp"
#include "ly/testing/files.hpp"
#include "ly/workflow/definition.hpp"

namespace ly::pipeline {
namespace {

using ::ly::testing::ReadFile;

namespace json = boost::json;

const std::filesystem::path kDefinition =
    std::filesystem::path(LY_SOURCE_DIR) / "statemachines" / "document-processing.asl.json";

// Every "arn:aws:lambda:…:function:NAME" in the definition, wherever it appears (Resource, FunctionName).
void CollectFunctions(const json::value& value, std::set<std::string>& names) {
    if (const json::string* text = value.if_string()) {
        const std::string_view arn = *text;
        if (arn.rfind("arn:aws:lambda:", 0) == 0) {
            const auto at = arn.find(":function:");
            if (at != std::string_view::npos) names.emplace(arn.substr(at + 10));
        }
    } else if (const json::object* object = value.if_object()) {
        for (const auto& [key, member] : *object) CollectFunctions(member, names);
    } else if (const json::array* array = value.if_array()) {
        for (const json::value& item : *array) CollectFunctions(item, names);
    }
}

TEST(StateMachine, TheEngineAcceptsTheDefinitionAndEveryFunctionItNamesExists) {
    const std::string text = ReadFile(kDefinition);
    ASSERT_FALSE(text.empty()) << kDefinition;
    auto definition = workflow::Definition::Parse(text);
    ASSERT_TRUE(definition.ok()) << definition.error().message;

    std::set<std::string> named;
    CollectFunctions(json::parse(text), named);
    EXPECT_EQ(named.size(), Functions().size()) << "every function is used by the state machine";
    for (const std::string& name : named) EXPECT_TRUE(Functions().contains(name)) << name << " is not a function";
}

}  // namespace
}  // namespace ly::pipeline
