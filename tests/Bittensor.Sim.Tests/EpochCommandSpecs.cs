using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bittensor.Consensus;
using Bittensor.Sim.Commands;
using Bittensor.Sim.Conformance;

namespace Bittensor.Sim.Tests;

/// <summary>
/// The contract of the <c>epoch</c> command (shared/conformance/README.md): one result per case in input order, each step
/// with exactly the keys of the vectors' <c>derived</c> object and equal to it, malformed cases reported in place
/// without stopping the others, exit code 1 only when the input itself cannot be read.
/// </summary>
public sealed class EpochCommandSpecs : IDisposable
{
    /// <summary>The keys of every step object, as the contract lists them.</summary>
    private static readonly string[] StepKeys =
    [
        "active", "new_validator_permit", "consensus_u16", "incentive_u16", "dividends_u16", "validator_trust_u16",
        "stake_weight_u16", "server_emission", "validator_emission", "emission", "bonds_out",
    ];

    /// <summary>
    /// The single place where a vector's <c>derived</c> is not what the epoch computes. In test_outdated_weights, uid 3
    /// is replaced (<c>replace_neuron</c>) right after the epoch of step 1, and the vector stores the permits as they
    /// are after that replacement, [true, true, true, false]. The epoch itself gives every uid of non-zero stake a
    /// permit, [true, true, true, true], as subtensor's own trace comment for that epoch shows; step 2's input then
    /// carries the post-replacement vector, so chaining is unaffected.
    /// </summary>
    private static readonly (string Case, int Step, string Key) PermitQuirk =
        ("epoch.test_outdated_weights (n=4, deregistration)", 1, "new_validator_permit");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Epoch_should_reproduce_every_derived_step_when_run_on_the_public_cases()
    {
        var cases = ReadCases();
        var results = RunCommand(cases.ToJsonString());

        Assert.Equal(cases.Count, results.Count);
        AssertMatchesDerived(cases, results);
    }

    [Fact]
    public void Epoch_should_yield_the_epochs_own_permits_when_the_vector_stores_them_after_replace_neuron()
    {
        var cases = ReadCases();
        var results = RunCommand(cases.ToJsonString());

        var index = cases.Select(c => (string?)c!["name"]).ToList().IndexOf(PermitQuirk.Case);
        Assert.True(index >= 0, $"case {PermitQuirk.Case} is missing from the public vectors");
        var derived = cases[index]!["steps"]![PermitQuirk.Step]!["derived"]![PermitQuirk.Key]!;
        var actual = results[index]!["steps"]![PermitQuirk.Step]![PermitQuirk.Key]!;
        // If the vector is ever corrected, this test says so and the override can go.
        Assert.Equal("[true,true,true,false]", derived.ToJsonString());
        Assert.Equal("[true,true,true,true]", actual.ToJsonString());
    }

    [Fact]
    public void Epoch_should_report_each_malformed_case_by_field_and_still_compute_the_others()
    {
        var cases = ReadCases();
        var good = new[] { cases[0]!.DeepClone(), cases[1]!.DeepClone(), cases[2]!.DeepClone() };
        var input = new JsonArray(
            good[0],
            Malformed("missing steps", c => c.AsObject().Remove("steps")),
            Malformed("stake not an array", c => Input(c, 0)["stake"] = "a lot"),
            good[1],
            Malformed("a weight of 70000", c => Input(c, 0)["weights"] = JsonNode.Parse("[[[1, 70000]], [], [], []]")),
            Malformed("a uid as a string", c => Input(c, 0)["weights"] = JsonNode.Parse("""[[["1", 100]], [], [], []]""")),
            Malformed("n not the length of stake", c => Input(c, 2)["n"] = 5),
            Malformed("an unknown consensus", c => c["hyperparameters"]!["consensus"] = "yuma4"),
            Malformed("kappa 70000", c => c["hyperparameters"]!["kappa_u16"] = 70_000),
            good[2]);
        // What each error must name: the field, and for a state the step it is in.
        var expectedNames = new Dictionary<string, string[]>
        {
            ["missing steps"] = ["steps"],
            ["stake not an array"] = ["steps[0]", "stake"],
            ["a weight of 70000"] = ["steps[0]", "weights"],
            ["a uid as a string"] = ["steps[0]", "weights"],
            ["n not the length of stake"] = ["steps[2]", "stake"],
            ["an unknown consensus"] = ["consensus"],
            ["kappa 70000"] = ["kappa_u16"],
        };

        var results = RunCommand(input.ToJsonString());

        Assert.Equal(input.Count, results.Count);
        for (var k = 0; k < input.Count; k++)
        {
            var name = (string)input[k]!["name"]!;
            Assert.Equal(name, (string?)results[k]!["name"]);
            if (!expectedNames.TryGetValue(name, out var names)) continue;
            var result = results[k]!.AsObject();
            Assert.Equal(new[] { "error", "name" }, result.Select(p => p.Key).Order());
            var error = (string)result["error"]!;
            Assert.All(names, field => Assert.Contains(field, error, StringComparison.OrdinalIgnoreCase));
        }
        // The good cases around the malformed ones are computed as if they were alone.
        var goodIndices = Enumerable.Range(0, input.Count).Where(k => !expectedNames.ContainsKey((string)input[k]!["name"]!)).ToArray();
        Assert.Equal(good.Length, goodIndices.Length);
        AssertMatchesDerived(
            new JsonArray(goodIndices.Select(k => input[k]!.DeepClone()).ToArray()),
            new JsonArray(goodIndices.Select(k => results[k]!.DeepClone()).ToArray()));
    }

    [Fact]
    public void Epoch_should_ignore_unknown_keys_when_cases_carry_fields_it_does_not_read()
    {
        var cases = ReadCases();
        var decorated = (JsonArray)cases.DeepClone();
        foreach (var testCase in decorated)
        {
            // Future schema fields at every level: the contract reads only name, hyperparameters, steps[].input_state.
            testCase!["future_case_field"] = new JsonObject { ["anything"] = new JsonArray(1, 2, 3) };
            testCase["hyperparameters"]!["future_knob_u16"] = 12_345;
            foreach (var step in testCase["steps"]!.AsArray())
            {
                step!["future_step_field"] = "ignored";
                step["input_state"]!["future_vector"] = new JsonArray(7, 8);
            }
        }

        var results = RunCommand(decorated.ToJsonString());

        AssertMatchesDerived(cases, results);
    }

    [Fact]
    public void Epoch_should_use_the_chains_default_hyperparameters_when_a_case_gives_none()
    {
        var state = new EpochState
        {
            N = 5,
            CurrentBlock = 6_000,
            Stake = [400, 300, 200, 0, 0],
            // Validators 0–2 disagree on the miners 3 and 4, so κ decides consensus; uid 2's weights are old enough
            // that the default activity cutoff (5000 blocks at tempo 360) makes it inactive.
            Weights = Rows([[(3, 65535), (4, 10_000)], [(3, 20_000), (4, 65535)], [(3, 65535), (4, 65535)], [], []]),
            Bonds = Rows([[(3, 30_000), (4, 65535)], [(3, 65535), (4, 2_000)], [], [], []]),
            LastUpdate = [5_900, 5_950, 900, 1_000, 1_000],
            BlockAtRegistration = [0, 0, 0, 10, 10],
            ValidatorPermit = [true, true, true, false, false],
        };
        var defaults = Hyperparameters.Default;
        // Commit-reveal is on by default on the chain but off by default in the case schema: without commit blocks it
        // masks nothing, so either default gives the same epoch.
        var expected = StepJson(Epoch.Run(defaults, state));
        // The state is one where the defaults show: another cutoff or κ would give another epoch.
        Assert.False(JsonNode.DeepEquals(expected, StepJson(Epoch.Run(defaults with { ActivityCutoffBlocks = 10_000 }, state))));
        Assert.False(JsonNode.DeepEquals(expected, StepJson(Epoch.Run(defaults with { Kappa = 65535 }, state))));

        var withoutHyperparameters = CaseJson("no hyperparameters", state, hyperparameters: null);
        var withEmptyHyperparameters = CaseJson("empty hyperparameters", state, hyperparameters: new JsonObject());
        var results = RunCommand(new JsonArray(withoutHyperparameters, withEmptyHyperparameters).ToJsonString());

        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            var steps = result!["steps"]!.AsArray();
            Assert.Single(steps);
            Assert.True(JsonNode.DeepEquals(expected, steps[0]), $"{result["name"]}: {steps[0]!.ToJsonString()} is not the default epoch {expected.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[{\"name\": \"truncated\", ")]
    [InlineData("{\"name\": \"one case, not an array of cases\", \"steps\": []}")]
    [InlineData("")]
    public void Epoch_should_exit_with_1_and_write_nothing_when_the_input_cannot_be_read(string? content)
    {
        var input = content is null ? _folder.File("missing.json") : _folder.Write("cases.json", content);
        var output = _folder.File("results.json");

        var exitCode = EpochCommand.Execute(input, output);

        Assert.Equal(ExitCodes.InputUnreadable, exitCode);
        Assert.False(File.Exists(output.FullName), "results were written for an unreadable input");
    }

    [Fact]
    public void Epoch_should_run_the_cases_when_invoked_through_the_root_command()
    {
        var input = _folder.Write("cases.json", ReadCases().ToJsonString());
        var output = _folder.File("results.json");

        var exitCode = SimCli.Run("epoch", "--input", input.FullName, "--output", output.FullName);

        Assert.Equal(ExitCodes.Ok, exitCode);
        AssertMatchesDerived(ReadCases(), JsonNode.Parse(File.ReadAllText(output.FullName))!.AsArray());
    }

    [Fact]
    public void Epoch_should_exit_with_1_when_invoked_through_the_root_command_on_a_missing_file()
    {
        var output = _folder.File("results.json");

        var exitCode = SimCli.Run("epoch", "--input", _folder.File("missing.json").FullName, "--output", output.FullName);

        Assert.Equal(ExitCodes.InputUnreadable, exitCode);
        Assert.False(File.Exists(output.FullName));
    }

    // == Helpers ==

    private static JsonArray ReadCases() => JsonNode.Parse(File.ReadAllText(SharedConformance.EpochCases.FullName))!.AsArray();

    /// <summary>Runs <see cref="EpochCommand.Execute"/> on <paramref name="casesJson"/> and returns the results array.</summary>
    private JsonArray RunCommand(string casesJson)
    {
        var input = _folder.Write($"cases-{Guid.NewGuid():N}.json", casesJson);
        var output = _folder.File($"results-{Guid.NewGuid():N}.json");

        var exitCode = EpochCommand.Execute(input, output);

        Assert.Equal(ExitCodes.Ok, exitCode);
        return JsonNode.Parse(File.ReadAllText(output.FullName))!.AsArray();
    }

    /// <summary>
    /// Every case of <paramref name="results"/> has the name of its input case and one step per input step, each with
    /// exactly <see cref="StepKeys"/> and equal to <c>derived</c>, apart from <see cref="PermitQuirk"/>.
    /// </summary>
    private static void AssertMatchesDerived(JsonArray cases, JsonArray results)
    {
        Assert.Equal(cases.Count, results.Count);
        var mismatches = new List<string>();
        for (var c = 0; c < cases.Count; c++)
        {
            var name = (string)cases[c]!["name"]!;
            var result = results[c]!.AsObject();
            Assert.Equal(name, (string?)result["name"]);
            Assert.True(result["steps"] is JsonArray, $"{name}: no steps in the result, error {result["error"]?.ToJsonString()}");
            var expectedSteps = cases[c]!["steps"]!.AsArray();
            var actualSteps = result["steps"]!.AsArray();
            Assert.Equal(expectedSteps.Count, actualSteps.Count);
            for (var s = 0; s < expectedSteps.Count; s++)
            {
                var actual = actualSteps[s]!.AsObject();
                Assert.Equal(StepKeys.Order(), actual.Select(p => p.Key).Order());
                var derived = expectedSteps[s]!["derived"]!;
                foreach (var key in StepKeys)
                {
                    if ((name, s, key) == PermitQuirk) continue; // checked on its own, see PermitQuirk
                    if (!JsonNode.DeepEquals(derived[key], actual[key]))
                        mismatches.Add($"{name} step {s} {key}: expected {derived[key]!.ToJsonString()}, got {actual[key]!.ToJsonString()}");
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }

    /// <summary>A copy of the public case test_active_stake (n = 4, 4 steps), renamed and broken by <paramref name="breakIt"/>.</summary>
    private static JsonNode Malformed(string name, Action<JsonNode> breakIt)
    {
        var testCase = ReadCases().Single(c => ((string)c!["name"]!).StartsWith("epoch.test_active_stake", StringComparison.Ordinal))!.DeepClone();
        testCase["name"] = name;
        breakIt(testCase);
        return testCase;
    }

    private static JsonNode Input(JsonNode testCase, int step) => testCase["steps"]![step]!["input_state"]!;

    private static SparseRows<ushort> Rows(IReadOnlyList<(int Column, ushort Value)>[] rows) => SparseRows<ushort>.FromRows(rows);

    /// <summary>One step's outputs as the command writes them.</summary>
    private static JsonNode StepJson(EpochTerms terms)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) EpochResultWriter.WriteStep(writer, terms);
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()))!;
    }

    /// <summary>A one-step case in the conformance schema; <paramref name="hyperparameters"/> null leaves the key out.</summary>
    private static JsonObject CaseJson(string name, EpochState state, JsonObject? hyperparameters)
    {
        var input = new JsonObject
        {
            ["n"] = state.N,
            ["current_block"] = state.CurrentBlock,
            ["stake"] = new JsonArray(state.Stake.Select(s => (JsonNode?)s).ToArray()),
            ["weights"] = RowsJson(state.Weights),
            ["bonds"] = RowsJson(state.Bonds),
            ["last_update"] = new JsonArray(state.LastUpdate.Select(s => (JsonNode?)s).ToArray()),
            ["block_at_registration"] = new JsonArray(state.BlockAtRegistration.Select(s => (JsonNode?)s).ToArray()),
            ["validator_permit"] = new JsonArray(state.ValidatorPermit.Select(p => (JsonNode?)p).ToArray()),
        };
        var testCase = new JsonObject { ["name"] = name };
        if (hyperparameters is not null) testCase["hyperparameters"] = hyperparameters;
        testCase["steps"] = new JsonArray(new JsonObject { ["input_state"] = input });
        return testCase;
    }

    private static JsonArray RowsJson(SparseRows<ushort> rows) =>
        new(Enumerable.Range(0, rows.RowCount)
            .Select(i => (JsonNode?)new JsonArray(rows.Row(i).Select(e => (JsonNode?)new JsonArray(e.Column, e.Value)).ToArray()))
            .ToArray());
}
