#include "ly/timetable/validate.hpp"

#include <algorithm>
#include <map>

namespace ly::timetable {

namespace {

std::string Describe(const Timeblock& block) {
    std::string text = std::string(DayName(block.day)) + " " + FormatTime(block.start);
    if (block.end) text += "–" + FormatTime(*block.end);
    return text + " '" + block.name + "'";
}

}  // namespace

std::vector<std::string> Validate(const std::vector<Timeblock>& blocks, const ValidationLimits& limits) {
    std::vector<std::string> warnings;
    std::map<DayOfWeek, std::vector<const Timeblock*>> by_day;
    for (const Timeblock& block : blocks) {
        if (block.end && *block.end <= block.start) {
            warnings.push_back("end is not after start: " + Describe(block));
        }
        const TimeOfDay last = block.end.value_or(block.start);
        if (block.start < limits.earliest || last > limits.latest) {
            warnings.push_back("outside " + FormatTime(limits.earliest) + "–" + FormatTime(limits.latest) + ": " +
                               Describe(block));
        }
        by_day[block.day].push_back(&block);
    }
    for (auto& [day, day_blocks] : by_day) {
        std::sort(day_blocks.begin(), day_blocks.end(),
                  [](const Timeblock* a, const Timeblock* b) { return a->start < b->start; });
        // Compare each interval with the furthest-reaching one before it.
        const Timeblock* reach = nullptr;
        for (const Timeblock* block : day_blocks) {
            if (!block->end || *block->end <= block->start) continue;
            if (reach && block->start < *reach->end) {
                warnings.push_back("overlap: " + Describe(*reach) + " and " + Describe(*block));
            }
            if (!reach || *block->end > *reach->end) reach = block;
        }
    }
    return warnings;
}

}  // namespace ly::timetable
