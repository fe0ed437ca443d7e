using SslFlow.Domain.Organizations;

namespace SslFlow.Domain.Tests.Organizations;

public class CountriesAndPhonesTests
{
    [Fact]
    public void The_embedded_list_holds_the_249_assigned_codes()
    {
        Assert.Equal(249, Countries.All.Count);
        Assert.Equal("Italy", Countries.NameOf("IT"));
        Assert.True(Countries.IsAssigned("GB"));
        Assert.True(Countries.IsAssigned("SS")); // South Sudan, 2011
        Assert.False(Countries.IsAssigned("AN")); // Netherlands Antilles, withdrawn 2010
    }

    [Theory]
    [InlineData("it", "IT")]
    [InlineData(" us ", "US")]
    [InlineData("De", "DE")]
    public void Codes_are_upper_cased(string input, string expected) => Assert.Equal((expected, null), Countries.Normalise(input));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("ITA", "not an ISO 3166-1 alpha-2 code")]
    [InlineData("I1", "not an ISO 3166-1 alpha-2 code")]
    [InlineData("UK", "'GB'")]
    [InlineData("EU", "member state")]
    [InlineData("XX", "not an assigned")]
    [InlineData("ZZ", "not an assigned")]
    [InlineData("QM", "not an assigned")]
    public void Unassigned_or_malformed_codes_are_refused(string? input, string reason)
    {
        var (code, error) = Countries.Normalise(input);
        Assert.Null(code);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("+39 0575 05077", "+39057505077")]
    [InlineData("+1 (202) 555-0143", "+12025550143")]
    [InlineData("+44.20.7946.0958", "+442079460958")]
    [InlineData("+6831234", "+6831234")] // Niue: 4-digit national numbers
    [InlineData("+886 2 2345 6789", "+886223456789")]
    [InlineData("+123456789012345", "+123456789012345")] // 15 digits
    [InlineData("+800 1234 5678", "+80012345678")] // UIFN freephone: an assigned global code
    public void E164_numbers_are_normalised(string input, string expected) => Assert.Equal((expected, null), PhoneNumbers.Normalise(input));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("0575 05077", "starting with '+'")]
    [InlineData("+39 0575 05077 ext 3", "may only contain")]
    [InlineData("+39/0575/05077", "may only contain")]
    [InlineData("+", "no digits")]
    [InlineData("+1234567890123456", "at most 15")]
    [InlineData("+2812345678", "assigned country calling code")] // 28x is spare
    [InlineData("+0123456", "assigned country calling code")]
    [InlineData("+39123", "too short")]
    public void Bad_numbers_are_refused(string? input, string reason)
    {
        var (number, error) = PhoneNumbers.Normalise(input);
        Assert.Null(number);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("+12025550143", "1")]
    [InlineData("+74951234567", "7")]
    [InlineData("+390575", "39")]
    [InlineData("+35312345678", "353")]
    [InlineData("+4212345678", "421")]
    [InlineData("+999123", null)]
    public void Calling_codes_are_prefix_free(string number, string? code) => Assert.Equal(code, PhoneNumbers.CallingCodeOf(number));
}
