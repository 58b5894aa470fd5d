using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bittensor.Consensus;

namespace Bittensor.Tests.Consensus;

/// <summary>
/// The literal assertions of the upstream subtensor tests (<c>expected_asserted</c> of each step), checked directly
/// against the engine so that they hold on their own, not only through the <c>derived</c> outputs that a reference
/// port computed. Assertion kinds are mapped where they name an output of <see cref="EpochTerms"/>; the others are
/// listed in <see cref="UncheckedKinds"/> with the reason, and any kind in neither place fails the test.
/// </summary>
public sealed partial class EpochUpstreamAssertionSpecs
{
    // The epoch-log tests print I32F32 values with about ten decimals, so a printed value is within this of the bits.
    private const double LoggedFixedTolerance = 1e-9;

    private static readonly EpochOptions WithLegacyScores = new() { LegacyScores = true };

    private static readonly Dictionary<string, string> UncheckedKinds = new()
    {
        ["Weights (mask+norm)"] = "a logged intermediate matrix that EpochTerms does not expose",
        ["ΔB (norm)"] = "a logged intermediate matrix that EpochTerms does not expose",
        ["legacy Ranks (before)"] = "the logged pre-clip rank, an intermediate that EpochTerms does not expose",
        ["legacy Ranks (after)"] = "the logged un-normalised rank R; the legacy output is u16 of the normalised rank",
        ["legacy Pruning Scores"] = "the logged share before the u16 max-upscale; the stored score is checked via derived",
        ["dividends_tolerance"] = "the tolerance of dividends_fraction and bonds_fraction_targets, used by them",
        ["bonds_targets_note"] = "commentary, not an assertion",
        ["note"] = "commentary, not an assertion",
    };

    public static TheoryData<string, int> AssertedSteps()
    {
        var data = new TheoryData<string, int>();
        foreach (var (caseName, step) in EpochCaseJson.AllSteps())
        {
            var asserted = EpochCaseJson.Load(caseName, step).ExpectedAsserted;
            if (asserted.EnumerateObject().Any()) data.Add(caseName, step);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AssertedSteps))]
    public void Epoch_should_satisfy_the_upstream_literal_assertions_of_the_step(string caseName, int step)
    {
        var testCase = EpochCaseJson.Load(caseName, step);
        var terms = Epoch.Run(testCase.Hyperparameters, testCase.State, WithLegacyScores);
        var context = new StepContext(testCase, terms, new Mismatches($"case \"{caseName}\" step {step}"));

        foreach (var assertion in testCase.ExpectedAsserted.EnumerateObject())
            CheckAssertion(context, assertion.Name, assertion.Value);
        context.Check.Verify();
    }

    [Fact]
    public void Upstream_assertions_should_cover_bonds_dividends_incentive_and_emission()
    {
        // The kinds the brief of this spec promises to check literally: they must occur in the vectors at all,
        // otherwise the theory above would pass without asserting them.
        var kinds = EpochCaseJson.AllSteps()
            .SelectMany(s => EpochCaseJson.Load(s.CaseName, s.Step).ExpectedAsserted.EnumerateObject().Select(p => p.Name))
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "bonds_u16", "dividends_u16", "incentive_u16", "emission" }, kinds);
    }

    private sealed record StepContext(EpochCaseStep Case, EpochTerms Terms, Mismatches Check)
    {
        public string Where(string kind) => $"case \"{Case.CaseName}\" step {Case.Step} key {kind}";
        public ulong RaoEmission => Case.State.RaoEmission;
    }

    private static void CheckAssertion(StepContext c, string kind, JsonElement value)
    {
        var t = c.Terms;
        switch (kind)
        {
            case "bonds_u16": CheckBonds(c, value); break;
            case "dividends_u16": PerUidExact(c, kind, value, t.DividendsU16.Select(v => (ulong)v)); break;
            case "incentive_u16": PerUidExact(c, kind, value, t.IncentiveU16.Select(v => (ulong)v)); break;
            case "consensus_u16": PerUidExact(c, kind, value, t.ConsensusU16.Select(v => (ulong)v)); break;
            case "emission": PerUidExact(c, kind, value, t.Emission); break;
            case "rank_u16_legacy": PerUidExact(c, kind, value, t.Legacy!.Rank.Select(v => (ulong)v)); break;
            case "trust_u16_legacy": PerUidExact(c, kind, value, t.Legacy!.Trust.Select(v => (ulong)v)); break;
            case "dividends_fraction": CheckDividendFractions(c, value); break;
            case "bonds_fraction_targets": CheckBondTargets(c, value); break;

            // The epoch-log tests assert on the printed debug lines; these name outputs of the epoch.
            case "Inactive": LoggedBools(c, kind, value, t.Active.Select(a => !a)); break;
            case "new_validator_permits": LoggedBools(c, kind, value, t.NewValidatorPermit); break;
            case "Normalised Stake": LoggedFixed(c, kind, value, t.Stake.Select(x => x.ToDouble()), LoggedFixedTolerance); break;
            case "Active Stake": LoggedFixed(c, kind, value, t.ActiveStake.Select(x => x.ToDouble()), LoggedFixedTolerance); break;
            case "Consensus": LoggedFixed(c, kind, value, t.Consensus.Select(x => x.ToDouble()), LoggedFixedTolerance); break;
            case "Validator Trust": LoggedFixed(c, kind, value, t.ValidatorTrust.Select(x => x.ToDouble()), LoggedFixedTolerance); break;
            case "Dividends": LoggedFixed(c, kind, value, t.Dividends.Select(x => x.ToDouble()), LoggedFixedTolerance); break;
            case "Combined Emission": LoggedFixed(c, kind, value, t.Emission.Select(x => (double)x), 0); break;
            case "Validator Emission": LoggedFixed(c, kind, value, t.ValidatorEmission.Select(x => (double)x), 0); break;
            // Shares are only exposed as rao: floor(share · rao) / rao is within 1 / rao of the logged share.
            case "Normalized Combined Emission":
                LoggedFixed(c, kind, value, t.Emission.Select(x => x / (double)c.RaoEmission), 1.0 / c.RaoEmission + LoggedFixedTolerance);
                break;
            case "Normalized Validator Emission":
                LoggedFixed(c, kind, value, t.ValidatorEmission.Select(x => x / (double)c.RaoEmission), 1.0 / c.RaoEmission + LoggedFixedTolerance);
                break;
            // The stored legacy trust is floor(trust · 65535), within 1/65535 of the logged trust.
            case "legacy Trust":
                LoggedFixed(c, kind, value, t.Legacy!.Trust.Select(x => x / 65535.0), 1.0 / 65535 + LoggedFixedTolerance);
                break;
            case "Normalised Stake starts with": CheckStakePrefix(c, kind, value); break;

            default:
                c.Check.True(UncheckedKinds.ContainsKey(kind),
                    $"{c.Where(kind)}: this assertion kind is neither mapped nor listed as unchecked (with a reason)");
                break;
        }
    }

    /// <summary>
    /// Keys <c>[i][j]</c> or inclusive ranges <c>[a..b][c..d]</c> (as the upstream loops over validators and servers
    /// read); an absent bond entry is 0, as the chain's getter returns.
    /// </summary>
    private static void CheckBonds(StepContext c, JsonElement value)
    {
        foreach (var entry in value.EnumerateObject())
        {
            var match = BondKey().Match(entry.Name);
            if (!match.Success)
            {
                c.Check.True(false, $"{c.Where("bonds_u16")}[{entry.Name}]: unreadable bond key");
                continue;
            }
            var (rowFrom, rowTo) = Range(match.Groups[1].Value, match.Groups[2].Value);
            var (columnFrom, columnTo) = Range(match.Groups[3].Value, match.Groups[4].Value);
            for (var i = rowFrom; i <= rowTo; i++)
                for (var j = columnFrom; j <= columnTo; j++)
                    c.Check.Equal(entry.Value.GetUInt16(), Bond(c.Terms, i, j), $"{c.Where("bonds_u16")}[{i}][{j}] (from \"{entry.Name}\")");
        }
    }

    [GeneratedRegex(@"^\[(\d+)(?:\.\.(\d+))?\]\[(\d+)(?:\.\.(\d+))?\]$")]
    private static partial Regex BondKey();

    private static (int From, int To) Range(string from, string to) =>
        (int.Parse(from, CultureInfo.InvariantCulture), int.Parse(to.Length == 0 ? from : to, CultureInfo.InvariantCulture));

    private static ushort Bond(EpochTerms terms, int row, int column)
    {
        if (row >= terms.Bonds.RowCount) return 0;
        foreach (var (j, bond) in terms.Bonds.Row(row))
            if (j == column) return bond;
        return 0;
    }

    /// <summary>Either a full vector (array) or a map from uid to value (object) of integers.</summary>
    private static void PerUidExact(StepContext c, string kind, JsonElement value, IEnumerable<ulong> actualValues)
    {
        var actual = actualValues.ToArray();
        if (value.ValueKind == JsonValueKind.Array)
        {
            c.Check.SequenceEqual(value.EnumerateArray().Select(e => e.GetUInt64()).ToArray(), actual, c.Where(kind));
            return;
        }
        foreach (var entry in value.EnumerateObject())
        {
            var uid = int.Parse(entry.Name, CultureInfo.InvariantCulture);
            c.Check.Equal(entry.Value.GetUInt64(), actual[uid], $"{c.Where(kind)}[uid {uid}]");
        }
    }

    /// <summary>Yuma3 tests: <c>|dividends_u16 / 65535 − target| ≤ dividends_tolerance</c> per uid.</summary>
    private static void CheckDividendFractions(StepContext c, JsonElement value)
    {
        var tolerance = c.Case.ExpectedAsserted.GetProperty("dividends_tolerance").GetDouble();
        var dividends = c.Terms.DividendsU16;
        var uid = 0;
        foreach (var target in value.EnumerateArray())
        {
            c.Check.Near(target.GetDouble(), dividends[uid] / 65535.0, tolerance, $"{c.Where("dividends_fraction")}[uid {uid}]");
            uid++;
        }
    }

    /// <summary>
    /// Yuma3 bond targets: row k lists validator k's bonds on the servers, which are the last uids (the upstream
    /// test's <c>zip(..skip(3))</c> never actually compares them, so they are checked here at the test's own
    /// tolerance; the reference port meets them within about 1.1e-4).
    /// </summary>
    private static void CheckBondTargets(StepContext c, JsonElement value)
    {
        var tolerance = c.Case.ExpectedAsserted.GetProperty("dividends_tolerance").GetDouble();
        var n = c.Case.State.N;
        var row = 0;
        foreach (var targets in value.EnumerateArray())
        {
            var servers = targets.GetArrayLength();
            var k = 0;
            foreach (var target in targets.EnumerateArray())
            {
                var column = n - servers + k;
                c.Check.Near(target.GetDouble(), Bond(c.Terms, row, column) / 65535.0, tolerance,
                    $"{c.Where("bonds_fraction_targets")}[{row}][{column}]");
                k++;
            }
            row++;
        }
    }

    private static void LoggedBools(StepContext c, string kind, JsonElement value, IEnumerable<bool> actual) =>
        c.Check.SequenceEqual(LoggedList(value).Select(bool.Parse).ToArray(), actual.ToArray(), c.Where(kind));

    private static void LoggedFixed(StepContext c, string kind, JsonElement value, IEnumerable<double> actualValues, double tolerance)
    {
        var expected = LoggedList(value).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var actual = actualValues.ToArray();
        if (expected.Length != actual.Length)
        {
            c.Check.Add(c.Where(kind), $"{expected.Length} entries", $"{actual.Length} entries");
            return;
        }
        for (var i = 0; i < expected.Length; i++)
            c.Check.Near(expected[i], actual[i], tolerance, $"{c.Where(kind)}[uid {i}]");
    }

    /// <summary><c>"[0.666"</c>: the first stake share, printed, starts with these digits.</summary>
    private static void CheckStakePrefix(StepContext c, string kind, JsonElement value)
    {
        var prefix = value.GetString()!.TrimStart('[');
        var decimals = prefix.Length - prefix.IndexOf('.') - 1;
        var low = double.Parse(prefix, CultureInfo.InvariantCulture);
        var stake = c.Terms.Stake[0].ToDouble();
        c.Check.True(stake >= low && stake < low + Math.Pow(10, -decimals),
            $"{c.Where(kind)}: expected a value printed as {prefix}…, actual {stake.ToString("R", CultureInfo.InvariantCulture)}");
    }

    /// <summary>The items of a logged vector such as <c>"[0.5, 0.5]"</c> or <c>"[true, false]"</c>.</summary>
    private static string[] LoggedList(JsonElement value)
    {
        var text = value.GetString()!.Trim();
        if (!text.StartsWith('[') || !text.EndsWith(']')) throw new FormatException($"Not a logged vector: {text}");
        var inner = text[1..^1].Trim();
        return inner.Length == 0 ? [] : inner.Split(',').Select(s => s.Trim()).ToArray();
    }
}
