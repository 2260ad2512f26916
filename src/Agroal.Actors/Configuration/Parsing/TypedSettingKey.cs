namespace Agroal.Actors.Configuration.Parsing;

internal delegate bool ValueParser<TValue>(string text, SettingContext context, out TValue value, out string reason);

internal sealed class TypedSettingKey<TSettings, TValue>(
    string name,
    ReloadEffect reload,
    bool isPathLike,
    ValueParser<TValue> parse,
    Func<TSettings, TValue> get,
    Func<TSettings, TValue, TSettings> set,
    Func<TValue, string> format) : SettingKey<TSettings>(name, reload, isPathLike)
{
    public override bool TryApply(TSettings current, string text, SettingContext context, out TSettings updated, out string error)
    {
        updated = current;
        error = "";
        if (IsPathLike)
        {
            if (!EnvironmentExpander.TryExpand(text, context.Environment, out text, out var expandError))
            {
                error = $"{Name}: {expandError}";
                return false;
            }
        }

        if (!parse(text, context, out var value, out var reason))
        {
            error = $"{Name}: \"{text}\" {reason}";
            return false;
        }

        updated = set(current, value);
        return true;
    }

    public override string Format(TSettings settings) => format(get(settings));
}
