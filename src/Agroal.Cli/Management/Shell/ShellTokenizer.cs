using System.Text;

namespace Agroal.Cli.Management.Shell;

/// <summary>Splits a shell line into words; single or double quotes keep spaces inside a word.</summary>
internal static class ShellTokenizer
{
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
