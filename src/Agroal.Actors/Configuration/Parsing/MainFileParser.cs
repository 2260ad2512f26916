using System.Globalization;

namespace Agroal.Actors.Configuration.Parsing;

/// <summary>Parses pgagroal.conf: sections, keys, values. Cross-key rules live in the validator.</summary>
internal sealed class MainFileParser
{
    public const string MainSectionName = "pgagroal";
    public const int MaxServers = 64;
    private const int MaxSectionNameLength = 127;

    private readonly string _path;
    private readonly SettingContext _context;
    private readonly List<ConfigurationError> _errors;
    private readonly List<ConfigurationWarning> _warnings;
    private readonly List<ServerSettings> _servers = [];
    private readonly Dictionary<string, int> _sectionLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _keysInSection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _mainKeyLines = new(StringComparer.Ordinal);
    private readonly HashSet<string> _givenServerKeys = new(StringComparer.Ordinal);
    private MainSettings _main = new();
    private int _mainLine;
    private string? _section;

    private MainFileParser(string path, Func<string, string?> environment, List<ConfigurationError> errors, List<ConfigurationWarning> warnings)
    {
        _path = path;
        _context = new SettingContext(environment);
        _errors = errors;
        _warnings = warnings;
    }

    public static MainFileParseResult Parse(
        string path, Func<string, string?> environment, List<ConfigurationError> errors, List<ConfigurationWarning> warnings)
    {
        var parser = new MainFileParser(path, environment, errors, warnings);
        var lines = ConfigFileText.TryReadAsciiLines(path, "configuration file", errors);
        if (lines is null)
        {
            return new MainFileParseResult(false, new MainSettings(), [], new Dictionary<string, int>(), 0, new Dictionary<string, int>(), new HashSet<string>());
        }

        for (var i = 0; i < lines.Count; i++)
        {
            parser.ParseLine(lines[i], i + 1);
        }

        if (parser._mainLine == 0)
        {
            errors.Add(new ConfigurationError(path, 0, "missing [pgagroal] section"));
        }

        return new MainFileParseResult(true, parser._main, parser._servers, parser._sectionLines, parser._mainLine, parser._mainKeyLines, parser._givenServerKeys);
    }

    private void ParseLine(string line, int number)
    {
        if (ConfigFileText.IsCommentOrBlank(line))
        {
            return;
        }

        if (line[0] == '[')
        {
            StartSection(line, number);
            return;
        }

        if (line.TrimStart(' ', '\t').StartsWith('['))
        {
            Error(number, "a section header must start at column 0");
            return;
        }

        if (!KeyValueLine.TrySplit(line, out var key, out var rest))
        {
            Error(number, "expected key = value");
            return;
        }

        if (_section is null)
        {
            Warn(number, $"key \"{key}\" is outside any section and is ignored");
            return;
        }

        if (_section == MainSectionName)
        {
            _mainKeyLines[key] = number;
            if (ClusterKeyParsers.RetiredKeyMessage(key) is { } retired)
            {
                Error(number, retired);
                return;
            }
            _main = Apply(MainKeys.Find(key), _main, key, rest, number);
        }
        else
        {
            _givenServerKeys.Add($"{_section}.{key}");
            var index = _servers.Count - 1;
            _servers[index] = Apply(ServerKeys.Find(key), _servers[index], key, rest, number);
        }
    }

    private void StartSection(string line, int number)
    {
        _section = null;
        _keysInSection.Clear();
        var close = line.IndexOf(']', StringComparison.Ordinal);
        if (close < 0)
        {
            Error(number, "section header without ']'");
            return;
        }

        var name = line[1..close];
        if (name.Length == 0 || name.Length > MaxSectionNameLength)
        {
            Error(number, string.Create(CultureInfo.InvariantCulture, $"section name must be 1 to {MaxSectionNameLength} characters"));
            return;
        }

        if (_sectionLines.TryGetValue(name, out var firstLine))
        {
            Error(number, string.Create(CultureInfo.InvariantCulture, $"duplicate section [{name}] (first at line {firstLine})"));
            return;
        }

        _sectionLines[name] = number;
        if (name == MainSectionName)
        {
            _mainLine = number;
        }
        else
        {
            if (_servers.Count == MaxServers)
            {
                Error(number, string.Create(CultureInfo.InvariantCulture, $"too many servers (at most {MaxServers})"));
                return;
            }

            _servers.Add(new ServerSettings { Name = name });
        }

        _section = name;
    }

    private T Apply<T>(SettingKey<T>? key, T current, string name, string rest, int number)
    {
        if (key is null)
        {
            Warn(number, $"unknown key \"{name}\" in section [{_section}]");
            return current;
        }

        if (!_keysInSection.TryAdd(name, number))
        {
            Warn(number, string.Create(CultureInfo.InvariantCulture,
                $"{name}: set more than once in section [{_section}] (first at line {_keysInSection[name]}); this later value wins"));
        }

        string value;
        if (key.IsPathLike)
        {
            value = rest.Trim(' ', '\t');
        }
        else if (!KeyValueLine.TryExtractValue(rest, out value, out var quoteError))
        {
            Error(number, $"{name}: {quoteError}");
            return current;
        }

        _context.ClearNotes();
        if (!key.TryApply(current, value, _context, out var updated, out var error))
        {
            Error(number, error);
            return current;
        }

        foreach (var note in _context.Notes)
        {
            Warn(number, note);
        }

        return updated;
    }

    private void Error(int line, string message) => _errors.Add(new ConfigurationError(_path, line, message));

    private void Warn(int line, string message) => _warnings.Add(new ConfigurationWarning(_path, line, message));
}
