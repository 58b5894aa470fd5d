using System.Globalization;

namespace Bittensor.Runtime.Commands.Client;

/// <summary>Amounts as users type and read them: TAO with at most 9 decimals, the ledger's rao underneath.</summary>
internal static class Tao
{
    public const ulong RaoPerTao = 1_000_000_000;

    /// <summary>TAO as typed (<c>1.5</c>) to rao: positive, at most 9 decimals, within a u64.</summary>
    /// <exception cref="UsageException">Not such an amount; the message names <paramref name="option"/>.</exception>
    public static ulong Parse(string text, string option = "--amount")
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var tao))
            throw new UsageException($"{option} {text} is not an amount of TAO (for example 1.5).");
        if (tao <= 0)
            throw new UsageException($"{option} {text} must be positive.");
        if (tao.Scale > 9 && decimal.Round(tao, 9) != tao)
            throw new UsageException($"{option} {text} has more than 9 decimals (1 rao = 0.000000001 TAO).");
        if (tao > ulong.MaxValue / (decimal)RaoPerTao)
            throw new UsageException($"{option} {text} is too large: a balance is at most {Format(ulong.MaxValue)} TAO.");
        return (ulong)(tao * RaoPerTao);
    }

    /// <summary>An option whose <c>0</c> means none (a faucet off, no stake): 0, or <see cref="Parse"/>'s amount.</summary>
    /// <exception cref="UsageException">Neither 0 nor such an amount; the message names <paramref name="option"/>.</exception>
    public static ulong ParseOrZero(string text, string option) => text.Trim() == "0" ? 0 : Parse(text, option);

    /// <summary>Rao as TAO with 9 decimals (<c>1.500000000</c>).</summary>
    public static string Format(ulong rao) =>
        (rao / RaoPerTao).ToString(CultureInfo.InvariantCulture) + "." + (rao % RaoPerTao).ToString("D9", CultureInfo.InvariantCulture);
}
