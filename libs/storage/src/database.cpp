#include "ly/storage/database.hpp"

#include <cassert>

namespace ly::storage {

bool Row::IsNull(std::size_t column) const { return std::holds_alternative<std::nullptr_t>(values_.at(column)); }

std::int64_t Row::Int(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
    assert(IsNull(column) && "column is not an integer");
    return 0;
}

double Row::Real(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* real = std::get_if<double>(&value)) return *real;
    // SQLite stores a REAL that holds a whole number as an integer on some paths; widen it.
    if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
    assert(IsNull(column) && "column is not a number");
    return 0.0;
}

std::string Row::Text(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    assert(IsNull(column) && "column is not text");
    return {};
}

Blob Row::Bytes(std::size_t column) const {
    const Value& value = values_.at(column);
    if (const auto* blob = std::get_if<Blob>(&value)) return *blob;
    assert(IsNull(column) && "column is not a blob");
    return {};
}

std::optional<std::int64_t> Row::OptionalInt(std::size_t column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
}

std::optional<std::string> Row::OptionalText(std::size_t column) const {
    if (IsNull(column)) return std::nullopt;
    return Text(column);
}

Result<Row> Session::QueryOne(std::string_view sql, const Params& params, std::string_view what_for_not_found) {
    auto rows = Query(sql, params);
    if (!rows) return rows.error();
    if (rows->empty()) return MakeError(ErrorCode::kNotFound, std::string(what_for_not_found));
    return std::move(rows->front());
}

}  // namespace ly::storage
