using System.Text;

namespace BanditServe.Bandits.Tests.Features;

public sealed class MurmurHash3Tests
{
    // Published MurmurHash3_x86_32 test vectors (SMHasher verification values widely reproduced,
    // e.g. in the reference ports); strings are hashed as UTF-8.
    public static TheoryData<string, uint, uint> StringVectors => new()
    {
        { "", 0u, 0u },
        { "", 1u, 0x514E28B7u },
        { "", 0xFFFFFFFFu, 0x81F16F39u },
        { "a", 0x9747B28Cu, 0x7FA09EA6u },
        { "ab", 0x9747B28Cu, 0x74875592u },
        { "abc", 0x9747B28Cu, 0xC84A62DDu },
        { "abcd", 0x9747B28Cu, 0xF0478627u },
        { "aa", 0x9747B28Cu, 0x5D211726u },
        { "aaa", 0x9747B28Cu, 0x283E0130u },
        { "aaaa", 0x9747B28Cu, 0x5A97808Au },
        { "abc", 0u, 0xB3DD93FAu },
        { "Hello, world!", 0x9747B28Cu, 0x24884CBAu },
        { "ππππππππ", 0x9747B28Cu, 0xD58063C1u },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0u, 0xEE925B90u },
        { "The quick brown fox jumps over the lazy dog", 0x9747B28Cu, 0x2FA826CDu },
    };

    [Theory]
    [MemberData(nameof(StringVectors))]
    public void Hash32_matches_the_published_vector(string text, uint seed, uint expected)
    {
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text), seed));
    }

    [Fact]
    public void Hash32_of_four_zero_bytes_matches_the_published_vector()
    {
        Assert.Equal(0x2362F9DEu, MurmurHash3.Hash32(new byte[4]));
    }
}
