using System.Text.Json;
using Bittensor.Consensus;

namespace Bittensor.Sim.Conformance;

/// <summary>One epoch to run: the hyperparameters of its case and the input state of one step.</summary>
public sealed record EpochCaseStep(Hyperparameters Hyperparameters, EpochState State);

/// <summary>
/// Reads epoch cases in the schema of <c>shared/conformance/epoch-cases.json</c>: per case a <c>name</c>,
/// <c>hyperparameters</c> (the chain's raw units) and <c>steps[].input_state</c>; every other field is ignored.
/// A malformed case becomes a <see cref="EpochCaseException"/> that names the field, so the other cases still run.
/// </summary>
public static class EpochCaseReader
{
    /// <summary>The default ‰-of-tempo activity cutoff factor, for cases that give no resolved cutoff.</summary>
    private const ulong ActivityCutoffFactorMilli = 13889;

    public static IReadOnlyList<EpochCaseStep> ReadSteps(JsonElement testCase)
    {
        if (testCase.ValueKind != JsonValueKind.Object) throw new EpochCaseException("the case is not a JSON object");
        var hyperparametersElement = testCase.TryGetProperty("hyperparameters", out var h) ? h : default;
        if (hyperparametersElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            throw new EpochCaseException("hyperparameters is not an object");
        var (hyperparameters, context) = ReadHyperparameters(hyperparametersElement);

        if (!testCase.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
            throw new EpochCaseException("steps is missing or not an array");
        var result = new List<EpochCaseStep>();
        var index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            var where = $"steps[{index}].input_state";
            if (step.ValueKind != JsonValueKind.Object || !step.TryGetProperty("input_state", out var input) || input.ValueKind != JsonValueKind.Object)
                throw new EpochCaseException($"{where} is missing or not an object");
            var state = ReadState(input, context, where);
            try
            {
                state.Validate();
            }
            catch (EpochInputException e)
            {
                throw new EpochCaseException($"{where}: {e.Message}");
            }
            result.Add(new EpochCaseStep(hyperparameters, state));
            index++;
        }
        return result;
    }

    /// <summary>Per-case values that the case file keeps among the hyperparameters but the epoch reads from state.</summary>
    private sealed record StateContext(ushort? OwnerUid, ulong LastMechanismStepBlock, ulong RaoEmission);

    private static (Hyperparameters, StateContext) ReadHyperparameters(JsonElement element)
    {
        var defaults = Hyperparameters.Default;
        var tempo = (int)Unsigned(element, "tempo", (ulong)defaults.Tempo, ushort.MaxValue);
        var hyperparameters = new Hyperparameters
        {
            Tempo = tempo,
            ActivityCutoffBlocks = Unsigned(element, "activity_cutoff_blocks",
                Hyperparameters.ActivityCutoffFromFactor(tempo, Unsigned(element, "activity_cutoff_factor_milli", ActivityCutoffFactorMilli, ulong.MaxValue)),
                ulong.MaxValue),
            Kappa = (int)Unsigned(element, "kappa_u16", (ulong)defaults.Kappa, ushort.MaxValue),
            Rho = (int)Unsigned(element, "rho_u16", (ulong)defaults.Rho, ushort.MaxValue),
            BondsMovingAverage = Unsigned(element, "bonds_moving_average", defaults.BondsMovingAverage, 1_000_000),
            BondsPenalty = (int)Unsigned(element, "bonds_penalty_u16", (ulong)defaults.BondsPenalty, ushort.MaxValue),
            MaxAllowedValidators = (int)Unsigned(element, "max_allowed_validators", (ulong)defaults.MaxAllowedValidators, ushort.MaxValue),
            LiquidAlphaEnabled = Boolean(element, "liquid_alpha_enabled", defaults.LiquidAlphaEnabled),
            AlphaLow = (int)Unsigned(element, "alpha_low_u16", (ulong)defaults.AlphaLow, ushort.MaxValue),
            AlphaHigh = (int)Unsigned(element, "alpha_high_u16", (ulong)defaults.AlphaHigh, ushort.MaxValue),
            AlphaSigmoidSteepness = (int)Unsigned(element, "alpha_sigmoid_steepness", (ulong)defaults.AlphaSigmoidSteepness, (ulong)short.MaxValue),
            Yuma3Enabled = Boolean(element, "yuma3_enabled", defaults.Yuma3Enabled),
            StakeThreshold = Unsigned(element, "stake_threshold", defaults.StakeThreshold, ulong.MaxValue),
            // Off unless a case says so: case files carry no commit blocks, and the chain's tests disable it.
            CommitRevealEnabled = Boolean(element, "commit_reveal_enabled", false),
            Consensus = ConsensusName(element),
        };
        try
        {
            hyperparameters.Validate();
        }
        catch (HyperparameterException e)
        {
            throw new EpochCaseException($"hyperparameters: {e.Message}");
        }

        ushort? owner = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("owner_uid", out var o) && o.ValueKind != JsonValueKind.Null
            ? (ushort)Unsigned(element, "owner_uid", 0, ushort.MaxValue)
            : null;
        var context = new StateContext(
            owner,
            Unsigned(element, "last_mechanism_step_block", 0, ulong.MaxValue),
            Unsigned(element, "rao_emission", 1_000_000_000, ulong.MaxValue));
        return (hyperparameters, context);
    }

    private static ConsensusVariant ConsensusName(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("consensus", out var value) || value.ValueKind == JsonValueKind.Null)
            return ConsensusVariant.Yuma;
        return value.ValueKind == JsonValueKind.String ? value.GetString() switch
        {
            "yuma" => ConsensusVariant.Yuma,
            "yc1" => ConsensusVariant.Yc1Sigmoid,
            var other => throw new EpochCaseException($"hyperparameters.consensus = \"{other}\" is not one of \"yuma\", \"yc1\""),
        } : throw new EpochCaseException("hyperparameters.consensus is not a string");
    }

    private static EpochState ReadState(JsonElement input, StateContext context, string where)
    {
        var n = (int)RequiredUnsigned(input, "n", where, ushort.MaxValue + 1UL);
        return new EpochState
        {
            N = n,
            CurrentBlock = RequiredUnsigned(input, "current_block", where, ulong.MaxValue),
            Stake = UnsignedArray(input, "stake", where),
            Weights = SparseU16(input, "weights", where),
            Bonds = SparseU16(input, "bonds", where),
            LastUpdate = UnsignedArray(input, "last_update", where),
            BlockAtRegistration = UnsignedArray(input, "block_at_registration", where),
            ValidatorPermit = BooleanArray(input, "validator_permit", where),
            CommitBlock = input.TryGetProperty("commit_block", out _) ? UnsignedArray(input, "commit_block", where) : [],
            OwnerUid = context.OwnerUid,
            LastMechanismStepBlock = context.LastMechanismStepBlock,
            RaoEmission = context.RaoEmission,
        };
    }

    private static ulong Unsigned(JsonElement obj, string name, ulong fallback, ulong max)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var number) || number > max)
            throw new EpochCaseException($"hyperparameters.{name} = {value.GetRawText()} is not an integer in 0…{max}");
        return number;
    }

    private static bool Boolean(JsonElement obj, string name, bool fallback)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new EpochCaseException($"hyperparameters.{name} = {value.GetRawText()} is not true or false"),
        };
    }

    private static JsonElement Required(JsonElement obj, string name, string where) =>
        obj.TryGetProperty(name, out var value) ? value : throw new EpochCaseException($"{where}.{name} is missing");

    private static ulong RequiredUnsigned(JsonElement obj, string name, string where, ulong max)
    {
        var value = Required(obj, name, where);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var number) || number > max)
            throw new EpochCaseException($"{where}.{name} = {value.GetRawText()} is not an integer in 0…{max}");
        return number;
    }

    private static ulong[] UnsignedArray(JsonElement obj, string name, string where)
    {
        var array = RequiredArray(obj, name, where);
        var result = new ulong[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out result[i]))
                throw new EpochCaseException($"{where}.{name}[{i}] = {item.GetRawText()} is not a u64");
            i++;
        }
        return result;
    }

    private static bool[] BooleanArray(JsonElement obj, string name, string where)
    {
        var array = RequiredArray(obj, name, where);
        var result = new bool[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i] = item.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new EpochCaseException($"{where}.{name}[{i}] = {item.GetRawText()} is not true or false"),
            };
            i++;
        }
        return result;
    }

    private static SparseRows<ushort> SparseU16(JsonElement obj, string name, string where)
    {
        var rows = RequiredArray(obj, name, where);
        var builder = new SparseRows<ushort>.Builder(rows.GetArrayLength(), 0);
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array) throw new EpochCaseException($"{where}.{name}[{i}] is not an array of [uid, u16] pairs");
            var k = 0;
            foreach (var pair in row.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || !pair[0].TryGetUInt16Strict(out var uid) || !pair[1].TryGetUInt16Strict(out var value))
                    throw new EpochCaseException($"{where}.{name}[{i}][{k}] = {pair.GetRawText()} is not a [uid, u16] pair of integers in 0…65535");
                builder.Add(uid, value);
                k++;
            }
            builder.EndRow();
            i++;
        }
        return builder.Build();
    }

    private static JsonElement RequiredArray(JsonElement obj, string name, string where)
    {
        var value = Required(obj, name, where);
        return value.ValueKind == JsonValueKind.Array ? value : throw new EpochCaseException($"{where}.{name} is not an array");
    }

    private static bool TryGetUInt16Strict(this JsonElement element, out ushort value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt16(out value);
    }
}

/// <summary>A case that cannot be computed; the message names the offending field.</summary>
public sealed class EpochCaseException(string message) : Exception(message);
