#include "clickhouse/composite_codec.h"

#include <cstring>

#include "common/error.h"

namespace ferry::clickhouse {
namespace {

bool is_null_token(std::string_view token) {
    if (token.size() != 4) {
        return false;
    }
    for (std::size_t i = 0; i < 4; ++i) {
        if ((token[i] | 0x20) != "null"[i]) {
            return false;
        }
    }
    return true;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/// Writes `count` as a varint at out[at], where one byte was reserved before the elements were appended.
void put_count(std::uint64_t count, std::size_t at, std::string& out) {
    if (count < 0x80) {
        out[at] = static_cast<char>(count);
        return;
    }
    char buffer[10];
    std::size_t size = 0;
    while (count >= 0x80) {
        buffer[size++] = static_cast<char>(count | 0x80);
        count >>= 7;
    }
    buffer[size++] = static_cast<char>(count);
    out.insert(at + 1, size - 1, '\0'); // moves this value's elements: only for 128 or more
    std::memcpy(out.data() + at, buffer, size);
}

} // namespace

bool CompositeCodec::is_delimiter(char c) {
    switch (c) {
    case ',':
    case ':':
    case '[':
    case ']':
    case '(':
    case ')':
    case '{':
    case '}':
    case '\'':
    case '"':
        return true;
    default:
        return is_space(c);
    }
}

std::optional<CompositeCodec> CompositeCodec::make(std::string column, const Type& type,
                                                   const LeafCheck& check) {
    if (type.kind != TypeKind::Array && type.kind != TypeKind::Tuple && type.kind != TypeKind::Map &&
        type.kind != TypeKind::Nested) {
        return std::nullopt;
    }
    CompositeCodec codec;
    codec.column_ = std::move(column);
    codec.type_name_ = type.text;
    codec.nodes_.emplace_back();
    if (!codec.build(0, type, check)) {
        return std::nullopt;
    }
    return codec;
}

bool CompositeCodec::build(std::size_t index, const Type& type, const LeafCheck& check) {
    Node node;
    switch (type.kind) {
    case TypeKind::Array:
    case TypeKind::Nested: // Nested(a T, b U) is Array(Tuple(T, U))
        node.kind = NodeKind::Array;
        node.first = static_cast<std::uint32_t>(nodes_.size());
        node.count = 1;
        nodes_.emplace_back();
        nodes_[index] = node;
        return type.kind == TypeKind::Array ? build(node.first, type.args.at(0), check)
                                            : build_tuple(node.first, type.args, check);
    case TypeKind::Tuple:
        return build_tuple(index, type.args, check);
    case TypeKind::Map:
        node.kind = NodeKind::Map;
        node.first = static_cast<std::uint32_t>(nodes_.size());
        node.count = 2;
        nodes_.resize(nodes_.size() + 2);
        nodes_[index] = node;
        return build(node.first, type.args.at(0), check) && build(node.first + 1, type.args.at(1), check);
    default: {
        auto leaf = ScalarCodec::make("", type);
        if (!leaf || !check(*leaf)) {
            return false;
        }
        node.kind = NodeKind::Leaf;
        node.first = static_cast<std::uint32_t>(leaves_.size());
        node.quoted = leaf->quoted_in_literal();
        node.nullable = leaf->nullable();
        leaves_.push_back(std::move(*leaf));
        nodes_[index] = node;
        return true;
    }
    }
}

bool CompositeCodec::build_tuple(std::size_t index, const std::vector<Type>& elements,
                                 const LeafCheck& check) {
    Node node;
    node.kind = NodeKind::Tuple;
    node.first = static_cast<std::uint32_t>(nodes_.size());
    node.count = static_cast<std::uint32_t>(elements.size());
    nodes_.resize(nodes_.size() + elements.size());
    nodes_[index] = node;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (!build(node.first + i, elements[i], check)) {
            return false;
        }
    }
    return true;
}

void CompositeCodec::write_binary(std::string_view text, bool is_null, std::string& out) {
    const Node& root = nodes_.front();
    if (is_null || (text.empty() && root.kind != NodeKind::Tuple)) {
        write_default(root, out);
        return;
    }
    text_ = text;
    pos_ = 0;
    write_node(root, out);
    if (pos_ != text_.size()) {
        fail("unexpected text after the value", pos_);
    }
}

void CompositeCodec::write_default(const Node& node, std::string& out) const {
    switch (node.kind) {
    case NodeKind::Leaf:
        leaves_[node.first].write_binary({}, true, out);
        break;
    case NodeKind::Array:
    case NodeKind::Map:
        out += '\0'; // no elements
        break;
    case NodeKind::Tuple:
        for (std::uint32_t i = 0; i < node.count; ++i) {
            write_default(nodes_[node.first + i], out);
        }
        break;
    }
}

void CompositeCodec::write_node(const Node& node, std::string& out) {
    switch (node.kind) {
    case NodeKind::Leaf:
        write_leaf(node, out);
        break;
    case NodeKind::Array:
        expect('[');
        write_sequence(node, ']', out);
        break;
    case NodeKind::Map:
        expect('{');
        write_sequence(node, '}', out);
        break;
    case NodeKind::Tuple:
        expect('(');
        for (std::uint32_t i = 0; i < node.count; ++i) {
            skip_spaces();
            if (i > 0) {
                expect(',');
                skip_spaces();
            }
            write_node(nodes_[node.first + i], out);
        }
        skip_spaces();
        expect(')');
        break;
    }
}

void CompositeCodec::write_sequence(const Node& node, char close, std::string& out) {
    // The element count comes first: reserve a byte and fill it in (growing it if need be) at the end.
    const std::size_t count_at = out.size();
    out += '\0';
    std::uint64_t count = 0;
    skip_spaces();
    if (!consume(close)) {
        while (true) {
            write_node(nodes_[node.first], out);
            if (node.kind == NodeKind::Map) {
                skip_spaces();
                expect(':');
                skip_spaces();
                write_node(nodes_[node.first + 1], out);
            }
            ++count;
            skip_spaces();
            if (consume(close)) {
                break;
            }
            if (!consume(',')) {
                fail(std::string("expected ',' or '") + close + "'", pos_);
            }
            skip_spaces();
        }
    }
    put_count(count, count_at, out);
}

void CompositeCodec::write_leaf(const Node& node, std::string& out) {
    const ScalarCodec& codec = leaves_[node.first];
    const std::size_t start = pos_;
    std::string_view value;
    if (pos_ < text_.size() && text_[pos_] == '\'') {
        if (!node.quoted) {
            fail("expected a value without quotes", start);
        }
        value = quoted_string();
    } else {
        value = bare_token();
        if (node.nullable && is_null_token(value)) {
            codec.write_binary({}, true, out);
            return;
        }
        if (node.quoted) {
            fail("expected a quoted value", start);
        }
        if (value.empty()) {
            fail("expected a value", start);
        }
    }
    try {
        codec.write_binary(value, false, out);
    } catch (const Error& e) { // "'x' is not a valid Int32": say where
        fail(e.what(), start);
    }
}

void CompositeCodec::expect(char c) {
    if (!consume(c)) {
        fail(std::string("expected '") + c + "'", pos_);
    }
}

std::string_view CompositeCodec::bare_token() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_delimiter(text_[pos_])) {
        ++pos_;
    }
    return text_.substr(start, pos_ - start);
}

std::string_view CompositeCodec::quoted_string() {
    const std::size_t open = pos_++;
    const std::size_t content = pos_;
    // Most strings have no escapes: return them in place.
    while (pos_ < text_.size() && text_[pos_] != '\\' && text_[pos_] != '\'') {
        ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '\'' && (pos_ + 1 == text_.size() || text_[pos_ + 1] != '\'')) {
        const std::size_t close = pos_++;
        return text_.substr(content, close - content);
    }
    scratch_.assign(text_, content, pos_ - content);
    while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (c == '\'') {
            if (pos_ < text_.size() && text_[pos_] == '\'') { // '' is a quote
                scratch_ += '\'';
                ++pos_;
                continue;
            }
            return scratch_;
        }
        if (c != '\\') {
            scratch_ += c;
            continue;
        }
        if (pos_ == text_.size()) {
            break;
        }
        const std::size_t escape = pos_ - 1;
        const char e = text_[pos_++];
        if (const auto control = control_escape(e)) {
            scratch_ += *control;
            continue;
        }
        switch (e) {
        case 'N': // ClickHouse reads \N inside a string as nothing
            break;
        case 'x': {
            const int high = pos_ < text_.size() ? hex_digit(text_[pos_]) : -1;
            const int low = pos_ + 1 < text_.size() ? hex_digit(text_[pos_ + 1]) : -1;
            if (high < 0 || low < 0) {
                fail("bad escape sequence \\x", escape);
            }
            scratch_ += static_cast<char>(high * 16 + low);
            pos_ += 2;
            break;
        }
        case '\\':
        case '\'':
        case '"':
        case '`':
        case '/':
        case '=':
            scratch_ += e;
            break;
        default:
            // 18.16 drops the backslash, later versions keep it: refuse rather than pick one.
            fail("unknown escape sequence \\" + printable_value(std::string_view(&e, 1)), escape);
        }
    }
    fail("unterminated quoted string", open);
}

void CompositeCodec::fail(std::string_view problem, std::size_t position) const {
    ErrorContext context;
    context.column = column_;
    context.value = printable_value(text_);
    std::string message = "column " + column_ + ": '" + *context.value + "' is not a valid " + type_name_ +
                          ": " + std::string(problem) + " at position " + std::to_string(position);
    throw Error(ErrorKind::Data, message, std::move(context));
}

} // namespace ferry::clickhouse
