namespace Bittensor.Identity;

/// <summary>
/// Rules for wallet and hotkey names: each becomes one file or folder name, so a name may not be empty, <c>.</c> or
/// <c>..</c>, nor hold a path separator, a control character or a character the file system forbids, nor be
/// longer than 128 characters.
/// </summary>
public static class WalletNames
{
    /// <summary>Longest name accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>The default wallet and hotkey name, as in Bittensor.</summary>
    public const string Default = "default";

    /// <summary>Whether <paramref name="name"/> is acceptable; <paramref name="error"/> says why not.</summary>
    public static bool IsValid(string? name, out string? error)
    {
        error = name switch
        {
            null or "" => "A name cannot be empty.",
            "." or ".." => $"'{name}' cannot be a name.",
            { Length: > MaxLength } => $"A name is at most {MaxLength} characters (got {name.Length}).",
            _ when name.Contains('/') || name.Contains('\\') => $"The name '{name}' holds a path separator.",
            _ when name.Any(char.IsControl) => $"The name '{name}' holds a control character.",
            _ when name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 => $"The name '{name}' holds a forbidden character.",
            _ when name.Trim() != name => $"The name '{name}' starts or ends with white space.",
            _ => null,
        };
        return error is null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="name"/> is not acceptable.</summary>
    public static void Validate(string? name, string parameterName)
    {
        if (!IsValid(name, out var error))
        {
            throw new ArgumentException(error, parameterName);
        }
    }
}
