using Bittensor.Protocol;

namespace Bittensor.Tests.Protocol;

public sealed class ReturnCodeSpecs
{
    // bittensor-reference.md §3.3, numbering since 2021-10-07.
    public static TheoryData<string, int> ReferenceCodes => new()
    {
        { "NoReturn", 0 },
        { "Success", 1 },
        { "Timeout", 2 },
        { "Backoff", 3 },
        { "Unavailable", 4 },
        { "NotImplemented", 5 },
        { "EmptyRequest", 6 },
        { "EmptyResponse", 7 },
        { "InvalidResponse", 8 },
        { "InvalidRequest", 9 },
        { "RequestShapeException", 10 },
        { "ResponseShapeException", 11 },
        { "RequestSerializationException", 12 },
        { "ResponseSerializationException", 13 },
        { "RequestDeserializationException", 14 },
        { "ResponseDeserializationException", 15 },
        { "NotServingNucleus", 16 },
        { "NucleusTimeout", 17 },
        { "NucleusFull", 18 },
        { "RequestIncompatibleVersion", 19 },
        { "ResponseIncompatibleVersion", 20 },
        { "SenderUnknown", 21 },
        { "UnknownException", 22 },
        { "Unauthenticated", 23 },
        { "BadEndpoint", 24 },
        { "Blacklisted", 25 },
    };

    [Theory]
    [MemberData(nameof(ReferenceCodes))]
    public void ReturnCode_should_have_the_reference_number_when_named_as_in_bittensor(string name, int number)
    {
        var code = Enum.Parse<ReturnCode>(name);

        Assert.Equal(number, (int)code);
        Assert.Equal(name, ((ReturnCode)number).ToString());
    }

    [Fact]
    public void ReturnCode_should_have_exactly_the_reference_codes_when_enumerated()
    {
        var expected = ReferenceCodes.Select(row => ((string)row[0], (int)row[1])).ToArray();

        var actual = Enum.GetValues<ReturnCode>().Select(code => (code.ToString(), (int)code)).ToArray();

        Assert.Equal(expected, actual);
    }
}
