using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// The proxy's regular expressions (Rust's regex crate: <c>Regex::new</c>, unanchored <c>is_match</c>), approximated with
/// .NET's: a pattern .NET refuses is invalid, and so is one using what the crate lacks (look-around, backreferences).
/// Compiled patterns are cached, as layer/proxy/src/failures.rs caches its match regexes.
/// </summary>
internal static partial class RustRegex
{
    private static readonly ConcurrentDictionary<string, Regex?> Cache = new(StringComparer.Ordinal);

    public static bool IsValid(string pattern) => Compile(pattern) is not null;

    public static Regex? Compile(string pattern) => Cache.GetOrAdd(pattern, static p =>
    {
        if (Unsupported().IsMatch(p))
        {
            return null;
        }

        try
        {
            return new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return null;
        }
    });

    [GeneratedRegex(@"\(\?<?[=!]|(?<!\\)\\(?:[1-9]|k<)")]
    private static partial Regex Unsupported();
}
