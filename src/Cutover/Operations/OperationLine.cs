using System.Text;
using Cutover.Sql;

namespace Cutover.Operations;

/// <summary>
/// Reads the text after <c>-- cutover:op</c>: a kind, then words, <c>"quoted expressions"</c> (inner quotes doubled),
/// parentheses and commas. A type such as <c>numeric(12,2)</c> is one word; a type with spaces is quoted.
/// Errors name the file and line and show the form the kind takes.
/// </summary>
internal sealed class OperationLine
{
    /// <summary>Every kind with the form it is written in, for errors and the docs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Forms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["add-column"] = "add-column <table>.<column> <type> [not null] [default \"<expr>\"] [up \"<expr>\"]",
        ["rename-column"] = "rename-column <table>.<column> to <new name>",
        ["alter-column"] = "alter-column <table>.<column> type <type> up \"<expr>\" down \"<expr>\"",
        ["split-column"] = "split-column <table>.<column> into (<column> <type> up \"<expr>\", …) down \"<expr>\"",
        ["merge-columns"] = "merge-columns <table> (<column>, …) into <column> <type> up \"<expr>\" down (<column> \"<expr>\", …)",
        ["set-not-null"] = "set-not-null <table>.<column> [up \"<expr for NULLs>\"]",
        ["drop-column"] = "drop-column <table>.<column>",
        ["rename-table"] = "rename-table <table> to <new name>",
        ["drop-table"] = "drop-table <table>",
        ["add-foreign-key"] = "add-foreign-key <table>.<column> references <table>(<column>) [on delete cascade|set null|restrict|no action]",
        ["add-unique"] = "add-unique <table> (<column>, …)",
        ["add-check"] = "add-check <table> <constraint name> \"<condition>\"",
        ["create-index"] = "create-index <name> on <table> (<column>, …)",
        ["create-table"] = "create-table <table> \"<column and constraint definitions>\"",
        ["split-table"] = "split-table <table> to <new table> (<column>, …) key <new table's key column>",
        ["rebuild-table"] = "rebuild-table <table> \"<new column and constraint definitions>\" [up (<new column> \"<expr over the old row>\", …)] [down (<old column> \"<expr over the new row>\", …)]",
        ["extract-table"] = "extract-table <table> (<column>, …) to <new table> (<column>, …) key <new key column>",
    };

    private readonly string _path;
    private readonly int _line;
    private readonly string _kind;
    private readonly List<(string Text, bool Quoted)> _tokens;
    private int _at;

    private OperationLine(string path, int line, string kind, List<(string Text, bool Quoted)> tokens)
    {
        _path = path;
        _line = line;
        _kind = kind;
        _tokens = tokens;
    }

    /// <summary>Parses <paramref name="text"/> (what follows <c>-- cutover:op</c>) into an operation.</summary>
    /// <exception cref="InvalidFileException">Unknown kind, missing or extra words, an unterminated quote.</exception>
    public static Operation Parse(string path, int line, string text)
    {
        var tokens = Tokenize(path, line, text);
        if (tokens.Count == 0 || tokens[0].Quoted)
            throw new InvalidFileException(path, line, "'-- cutover:op' without an operation", $"write one of: {string.Join(", ", Forms.Keys)}");
        var kind = tokens[0].Text;
        if (!Forms.ContainsKey(kind))
            throw new InvalidFileException(path, line, $"unknown operation '{kind}'", $"write one of: {string.Join(", ", Forms.Keys)}");
        var reader = new OperationLine(path, line, kind, tokens) { _at = 1 };
        var operation = reader.Read();
        if (reader._at < tokens.Count)
            throw reader.Error($"unexpected '{tokens[reader._at].Text}'");
        return operation;
    }

    private Operation Read()
    {
        switch (_kind)
        {
            case "add-column":
            {
                var (table, column) = ColumnReference();
                var type = Type();
                var notNull = false;
                string? @default = null, up = null;
                while (_at < _tokens.Count)
                {
                    if (TryWord("not"))
                    {
                        Word("null");
                        notNull = true;
                    }
                    else if (TryWord("default"))
                        @default = Expression("default");
                    else if (TryWord("up"))
                        up = Expression("up");
                    else
                        break;
                }
                return new AddColumn(_line, table, column, type, notNull, @default, up);
            }
            case "rename-column":
            {
                var (table, column) = ColumnReference();
                Word("to");
                return new RenameColumn(_line, table, column, Name("the new name"));
            }
            case "alter-column":
            {
                var (table, column) = ColumnReference();
                Word("type");
                var type = Type();
                Word("up");
                var up = Expression("up");
                Word("down");
                return new AlterColumn(_line, table, column, type, up, Expression("down"));
            }
            case "split-column":
            {
                var (table, column) = ColumnReference();
                Word("into");
                var into = List(() =>
                {
                    var name = Name("a new column");
                    var type = Type();
                    Word("up");
                    return new DerivedColumn(name, type, Expression("up"));
                });
                Word("down");
                return new SplitColumn(_line, table, column, into, Expression("down"));
            }
            case "merge-columns":
            {
                var table = Table();
                var columns = List(() => Name("a column"));
                Word("into");
                var name = Name("the new column");
                var type = Type();
                Word("up");
                var into = new DerivedColumn(name, type, Expression("up"));
                Word("down");
                var downs = List(() => new RestoredColumn(Name("a merged column"), Expression("down")));
                var missing = columns.Where(c => !downs.Any(d => d.Name == c)).ToList();
                if (missing.Count > 0 || downs.Count != columns.Count)
                    throw Error($"down must give one expression for each merged column ({string.Join(", ", columns)})");
                return new MergeColumns(_line, table, downs, into);
            }
            case "set-not-null":
            {
                var (table, column) = ColumnReference();
                return new SetNotNull(_line, table, column, TryWord("up") ? Expression("up") : null);
            }
            case "drop-column":
            {
                var (table, column) = ColumnReference();
                return new DropColumn(_line, table, column);
            }
            case "rename-table":
            {
                var table = Table();
                Word("to");
                return new RenameTable(_line, table, Name("the new name"));
            }
            case "drop-table":
                return new DropTable(_line, Table());
            case "add-foreign-key":
            {
                var (table, column) = ColumnReference();
                Word("references");
                var (references, referenced) = Referenced();
                string? onDelete = null;
                if (TryWord("on"))
                {
                    Word("delete");
                    onDelete = TryWord("cascade") ? "cascade" : TryWord("restrict") ? "restrict"
                        : TryWord("set") ? (TryWord("null") ? "set null" : throw Error("'on delete set' takes 'null'"))
                        : TryWord("no") ? (TryWord("action") ? null : throw Error("'on delete no' takes 'action'"))
                        : throw Error("'on delete' takes cascade, set null, restrict or no action");
                }
                return new AddForeignKey(_line, table, column, references, referenced, onDelete);
            }
            case "add-unique":
            {
                var table = Table();
                return new AddUnique(_line, table, List(() => Name("a column")));
            }
            case "add-check":
            {
                var table = Table();
                var name = Name("the constraint's name");
                return new AddCheck(_line, table, name, Expression("the constraint's name"));
            }
            case "create-index":
            {
                var name = Name("the index's name");
                Word("on");
                var table = Table();
                return new CreateIndex(_line, name, table, List(() => Name("a column")));
            }
            case "create-table":
            {
                var table = Table();
                return new CreateTable(_line, table, Expression("the table's name"));
            }
            case "split-table":
            {
                var table = Table();
                Word("to");
                var newTable = Name("the new table");
                var columns = List(() => Name("a column that moves"));
                Word("key");
                return new SplitTable(_line, table, newTable, columns, Name("the new table's key column"));
            }
            case "rebuild-table":
            {
                var table = Table();
                var definition = Expression("the table's name");
                var up = TryWord("up") ? List(() => Name("a new column") is var column ? new ColumnValue(column, Expression(column)) : null!) : [];
                var down = TryWord("down") ? List(() => Name("an old column") is var column ? new ColumnValue(column, Expression(column)) : null!) : [];
                return new RebuildTable(_line, table, definition, up, down);
            }
            case "extract-table":
            {
                var table = Table();
                var columns = List(() => Name("a column whose values move"));
                Word("to");
                var newTable = Name("the new table");
                var newColumns = List(() => Name("a column of the new table"));
                if (newColumns.Count != columns.Count)
                    throw Error($"{columns.Count} column(s) move but the new table names {newColumns.Count}: give each moved column its name in the new table");
                Word("key");
                return new ExtractTable(_line, table, columns, newTable, newColumns, Name("the new key column"));
            }
            default:
                throw new InvalidOperationException(_kind);
        }
    }

    private (TableName Table, string Column) ColumnReference()
    {
        var word = Next("<table>.<column>", quotedAllowed: false);
        var parts = word.Split('.');
        if (parts.Length is < 2 or > 3 || parts.Any(p => !IsName(p)))
            throw Error($"'{word}' is not <table>.<column> (or <schema>.<table>.<column>)");
        return (parts.Length == 3 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]), parts[^1]);
    }

    /// <summary><c>users(id)</c> or <c>users (id)</c>.</summary>
    private (TableName Table, string Column) Referenced()
    {
        var word = Next("<table>(<column>)", quotedAllowed: false);
        string table, column;
        if (word.EndsWith(')') && word.IndexOf('(', StringComparison.Ordinal) is > 0 and var open)
            (table, column) = (word[..open], word[(open + 1)..^1].Trim());
        else
        {
            table = word;
            Punctuation("(");
            column = Next("the referenced column", quotedAllowed: false);
            Punctuation(")");
        }
        var parts = table.Split('.');
        if (parts.Length > 2 || parts.Any(p => !IsName(p)) || !IsName(column))
            throw Error($"'{word}' is not <table>(<column>)");
        return (parts.Length == 2 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]), column);
    }

    private TableName Table()
    {
        var word = Next("<table>", quotedAllowed: false);
        var parts = word.Split('.');
        if (parts.Length > 2 || parts.Any(p => !IsName(p)))
            throw Error($"'{word}' is not a table name (<table> or <schema>.<table>)");
        return parts.Length == 2 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]);
    }

    private string Name(string what)
    {
        var word = Next(what, quotedAllowed: false);
        return IsName(word) ? word : throw Error($"'{word}' is not a plain name for {what} (letters, digits and _; not starting with a digit)");
    }

    private string Type()
    {
        if (_at >= _tokens.Count || _tokens[_at].Text is "(" or ")" or ",")
            throw Error("a type is missing");
        return _tokens[_at++].Text;
    }

    private string Expression(string after)
    {
        if (_at >= _tokens.Count || !_tokens[_at].Quoted)
            throw Error($"'{after}' must be followed by a \"quoted expression\"");
        var text = _tokens[_at++].Text;
        return text.Trim().Length > 0 ? text : throw Error($"the expression after '{after}' is empty");
    }

    private List<T> List<T>(Func<T> item)
    {
        Punctuation("(");
        var items = new List<T> { item() };
        while (TryPunctuation(","))
            items.Add(item());
        Punctuation(")");
        return items;
    }

    private void Word(string word)
    {
        if (!TryWord(word))
            throw Error(_at < _tokens.Count ? $"expected '{word}', found '{_tokens[_at].Text}'" : $"'{word}' is missing");
    }

    private bool TryWord(string word)
    {
        if (_at < _tokens.Count && !_tokens[_at].Quoted && string.Equals(_tokens[_at].Text, word, StringComparison.OrdinalIgnoreCase))
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Punctuation(string p)
    {
        if (!TryPunctuation(p))
            throw Error(_at < _tokens.Count ? $"expected '{p}', found '{_tokens[_at].Text}'" : $"'{p}' is missing");
    }

    private bool TryPunctuation(string p) => TryWord(p);

    private string Next(string what, bool quotedAllowed)
    {
        if (_at >= _tokens.Count)
            throw Error($"{what} is missing");
        var (text, quoted) = _tokens[_at++];
        return quoted && !quotedAllowed ? throw Error($"{what} is written without quotes") : text;
    }

    private static bool IsName(string word) =>
        word.Length > 0 && (char.IsLetter(word[0]) || word[0] == '_') && word.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private InvalidFileException Error(string problem) =>
        new(_path, _line, $"{_kind}: {problem}", $"write {Forms[_kind]}");

    private static List<(string Text, bool Quoted)> Tokenize(string path, int line, string text)
    {
        var tokens = new List<(string Text, bool Quoted)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add((c.ToString(), false));
                i++;
            }
            else if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw new InvalidFileException(path, line, "unterminated \"quoted expression\"", "end it with \" (write \"\" for a double quote inside it)");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add((value.ToString(), true));
            }
            else
            {
                // A word; parentheses inside it (numeric(12,2)) belong to it.
                var start = i;
                var depth = 0;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"' && !(depth == 0 && text[i] is ',' or ')'))
                {
                    depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
                    i++;
                }
                tokens.Add((text[start..i], false));
            }
        }
        return tokens;
    }
}
