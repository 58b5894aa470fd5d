using System.Text.Json;
using Bittensor.Consensus;

namespace Bittensor.Tests.Consensus;

/// <summary>One step of an epoch conformance case, ready to run, with the JSON it is checked against.</summary>
internal sealed record EpochCaseStep(
    string CaseName, int Step, Hyperparameters Hyperparameters, EpochState State,
    JsonElement Derived, JsonElement ExpectedAsserted);

/// <summary>
/// Maps <c>epoch-cases.json</c> onto the engine's inputs. The test project does not reference Bittensor.Sim (whose
/// <c>EpochCaseReader</c> does the same for the CLI), and a second, independent reading of the schema is also a check
/// of that reader's interpretation. Missing keys throw, because every case in the file is complete.
/// </summary>
internal static class EpochCaseJson
{
    /// <summary>(case name, step index) for every step of every case: the rows of the conformance theories.</summary>
    public static IEnumerable<(string CaseName, int Step)> AllSteps()
    {
        foreach (var testCase in ConformanceFiles.EpochCases.EnumerateArray())
        {
            var name = testCase.GetProperty("name").GetString()!;
            var count = testCase.GetProperty("steps").GetArrayLength();
            for (var step = 0; step < count; step++) yield return (name, step);
        }
    }

    public static EpochCaseStep Load(string caseName, int step)
    {
        var testCase = ConformanceFiles.Case(ConformanceFiles.EpochCases, caseName);
        var hyperparameters = testCase.GetProperty("hyperparameters");
        var stepElement = testCase.GetProperty("steps")[step];
        return new EpochCaseStep(
            caseName, step,
            ReadHyperparameters(hyperparameters),
            ReadState(stepElement.GetProperty("input_state"), hyperparameters),
            stepElement.GetProperty("derived"),
            stepElement.GetProperty("expected_asserted"));
    }

    /// <summary>The hyperparameters in the chain's raw units; ρ and the consensus variant keep their defaults (Yuma).</summary>
    public static Hyperparameters ReadHyperparameters(JsonElement h) => new()
    {
        Tempo = h.GetProperty("tempo").GetInt32(),
        ActivityCutoffBlocks = h.GetProperty("activity_cutoff_blocks").GetUInt64(),
        Kappa = h.GetProperty("kappa_u16").GetInt32(),
        BondsMovingAverage = h.GetProperty("bonds_moving_average").GetUInt64(),
        BondsPenalty = h.GetProperty("bonds_penalty_u16").GetInt32(),
        MaxAllowedValidators = h.GetProperty("max_allowed_validators").GetInt32(),
        LiquidAlphaEnabled = h.GetProperty("liquid_alpha_enabled").GetBoolean(),
        AlphaLow = h.GetProperty("alpha_low_u16").GetInt32(),
        AlphaHigh = h.GetProperty("alpha_high_u16").GetInt32(),
        AlphaSigmoidSteepness = h.GetProperty("alpha_sigmoid_steepness").GetInt32(),
        Yuma3Enabled = h.GetProperty("yuma3_enabled").GetBoolean(),
        StakeThreshold = h.GetProperty("stake_threshold").GetUInt64(),
        // The record defaults to the chain's "on"; the vectors state it (off in every case) so it is read, not assumed.
        CommitRevealEnabled = h.GetProperty("commit_reveal_enabled").GetBoolean(),
    };

    /// <summary>
    /// The step's input state. <c>owner_uid</c>, <c>last_mechanism_step_block</c> and <c>rao_emission</c> sit among the
    /// case's hyperparameters in the file but are per-epoch state in the engine.
    /// </summary>
    public static EpochState ReadState(JsonElement input, JsonElement hyperparameters)
    {
        var owner = hyperparameters.GetProperty("owner_uid");
        return new EpochState
        {
            N = input.GetProperty("n").GetInt32(),
            CurrentBlock = input.GetProperty("current_block").GetUInt64(),
            Stake = U64Array(input.GetProperty("stake")),
            Weights = SparseU16(input.GetProperty("weights")),
            Bonds = SparseU16(input.GetProperty("bonds")),
            LastUpdate = U64Array(input.GetProperty("last_update")),
            BlockAtRegistration = U64Array(input.GetProperty("block_at_registration")),
            ValidatorPermit = input.GetProperty("validator_permit").EnumerateArray().Select(e => e.GetBoolean()).ToArray(),
            OwnerUid = owner.ValueKind == JsonValueKind.Null ? null : owner.GetUInt16(),
            LastMechanismStepBlock = hyperparameters.GetProperty("last_mechanism_step_block").GetUInt64(),
            RaoEmission = hyperparameters.GetProperty("rao_emission").GetUInt64(),
        };
    }

    private static ulong[] U64Array(JsonElement array) => array.EnumerateArray().Select(e => e.GetUInt64()).ToArray();

    /// <summary>Rows of <c>[uid, u16]</c> pairs, kept in stored order (the order is observable, yuma-spec §10.13).</summary>
    private static SparseRows<ushort> SparseU16(JsonElement rows) =>
        SparseRows<ushort>.FromRows(rows.EnumerateArray()
            .Select(row => (IReadOnlyList<(int, ushort)>)row.EnumerateArray()
                .Select(pair => (pair[0].GetInt32(), pair[1].GetUInt16()))
                .ToArray())
            .ToArray());
}
