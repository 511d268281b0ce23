#include "ly/extract/sniff.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ly::extract {
namespace {

TEST(Sniff, ByMagicBytesNotName) {
    EXPECT_EQ(Sniff("%PDF-1.7\n..."), DocumentType::kPdf);
    EXPECT_EQ(Sniff(std::string("PK\x03\x04....word/document.xml", 28)), DocumentType::kDocx);
    EXPECT_EQ(Sniff(std::string("PK\x03\x04....photos/a.jpg", 22)), DocumentType::kZip);
    EXPECT_EQ(Sniff("\x89PNG\r\n\x1a\n...."), DocumentType::kPng);
    EXPECT_EQ(Sniff("\xFF\xD8\xFF\xE0...."), DocumentType::kJpeg);
    EXPECT_EQ(Sniff(std::string("II*\0....", 8)), DocumentType::kTiff);
    EXPECT_EQ(Sniff(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)), DocumentType::kWebp);
    EXPECT_EQ(Sniff(std::string("\0\0\0\x18"
                                "ftypheic....",
                                16)),
              DocumentType::kHeic);
    EXPECT_EQ(Sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."), DocumentType::kOle);
    EXPECT_EQ(Sniff("Monday\n09:00 - 09:15 Registration\n"), DocumentType::kText);
    EXPECT_EQ(Sniff("Day,Start,End,Lesson\r\nMonday,9:00,9:30,Maths\r\n"), DocumentType::kText);
    EXPECT_EQ(Sniff("Lundi \xC3\xA0 9h\n"), DocumentType::kText);
}

TEST(Sniff, BinaryAndEmptyAreUnknown) {
    EXPECT_EQ(Sniff(""), DocumentType::kUnknown);
    EXPECT_EQ(Sniff(std::string("\x00\x01\x02\x03", 4)), DocumentType::kUnknown);
    EXPECT_EQ(Sniff("\xC3\x28 broken utf-8"), DocumentType::kUnknown);
    // Inputs shorter than every magic number must not read past their end.
    EXPECT_EQ(Sniff("ab\n"), DocumentType::kText);
    EXPECT_EQ(Sniff("RIFF"), DocumentType::kText);
    EXPECT_EQ(Sniff("\xFF"), DocumentType::kUnknown);
}

}  // namespace
}  // namespace ly::extract
