#include "server/auth/user_file.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ferry::server::auth {
namespace {

TEST(UserFile, VerifiesPasswordsAgainstArgon2Hashes) {
    const auto content =
        "# team\nalice:" + hash_password("pw-a") + "\n\nroot:" + hash_password("pw-r") + ":admin\r\n";
    const auto file = UserFile::parse(content, "users.txt");
    EXPECT_EQ(file.size(), 2u);
    const auto alice = file.verify("alice", "pw-a");
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->user, "alice");
    EXPECT_FALSE(alice->admin);
    EXPECT_TRUE(file.verify("root", "pw-r")->admin);
    EXPECT_FALSE(file.verify("alice", "pw-r"));
    EXPECT_FALSE(file.verify("nobody", "pw-a"));
}

TEST(UserFile, RefusesMalformedLinesWithTheirNumber) {
    const auto hash = hash_password("x");
    for (const auto& bad :
         std::vector<std::string>{"alice", "alice:plaintext", "alice:" + hash + ":root", "../x:" + hash,
                                  ".hidden:" + hash, "a:" + hash + "\na:" + hash}) {
        try {
            UserFile::parse("# first\n" + bad + "\n", "users.txt");
            FAIL() << bad;
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Usage);
            EXPECT_NE(std::string(error.what()).find("users.txt line "), std::string::npos) << error.what();
        }
    }
}

TEST(UserFile, NamesAreSafeFolderNames) {
    EXPECT_TRUE(valid_user_name("alice.b-c_9"));
    EXPECT_FALSE(valid_user_name(""));
    EXPECT_FALSE(valid_user_name(".."));
    EXPECT_FALSE(valid_user_name("a/b"));
    EXPECT_FALSE(valid_user_name("a:b"));
    EXPECT_FALSE(valid_user_name(std::string(65, 'a')));
}

} // namespace
} // namespace ferry::server::auth
