using System.Reflection;
using System.Text.Json.Nodes;
using Cutover.Configuration;
using Cutover.Tests.Files;

namespace Cutover.Tests.Configuration;

/// <summary>
/// Issue 16: every setting of cutover.json has a CUTOVER_* variable named as its path in upper snake case, which beats
/// the file, is beaten by the command-line option where there is one, and is documented in docs/configuration.md. The
/// settings come from the file checker and the config types, not a copy here, so a new setting without a variable fails.
/// </summary>
public sealed class ConfigEnvironmentVariableTests : IDisposable
{
    private readonly TempFolder _dir = new();

    /// <summary>The settings with a command-line option, and how the option is given.</summary>
    private static readonly Dictionary<string, (string Flag, Func<ConfigSources, string, ConfigSources> Give)> Options = new(StringComparer.Ordinal)
    {
        ["connection"] = ("--connection", (s, v) => s with { ConnectionOption = v }),
        ["migrations"] = ("--migrations", (s, v) => s with { MigrationsOption = v }),
    };

    public static TheoryData<string> Settings() => new(ConfigFileChecker.SettingNames());

    [Fact]
    public void The_checker_knows_every_setting_of_the_config_types_and_each_has_exactly_one_variable()
    {
        Assert.Equal(SettingsOf(typeof(CutoverConfig), "").Order(StringComparer.Ordinal), ConfigFileChecker.SettingNames().Order(StringComparer.Ordinal));
        Assert.Equal(ConfigFileChecker.SettingNames().Order(StringComparer.Ordinal), EnvironmentConfig.Variables.Select(v => v.Setting).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task The_variable_is_named_after_the_setting_beats_the_file_and_loses_to_the_option(string setting)
    {
        var variable = Assert.Single(EnvironmentConfig.Variables, v => v.Setting == setting);
        Assert.Equal("CUTOVER_" + UpperSnake(setting), variable.Name);
        var (fromFile, fromVariable, fromOption) = ValuesFor(variable);
        var conf = Directory.CreateDirectory(Path.Combine(_dir.Path, "conf")).FullName;
        File.WriteAllText(Path.Combine(conf, "cutover.json"), FileWith(setting, fromFile.Json));
        var sources = new ConfigSources(_dir.Path) { ConfigPath = Path.Combine("conf", "cutover.json") };
        var environment = new Dictionary<string, string?> { [variable.Name] = fromVariable.Text };

        Assert.Equal(fromFile.Expected(conf), await EffectiveAsync(sources, setting));
        Assert.Equal(fromVariable.Expected(_dir.Path), await EffectiveAsync(sources with { Environment = environment.GetValueOrDefault }, setting));
        if (Options.TryGetValue(setting, out var option))
            Assert.Equal(fromOption.Expected(_dir.Path), await EffectiveAsync(option.Give(sources with { Environment = environment.GetValueOrDefault }, fromOption.Text), setting));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_variable_is_documented_with_its_setting_and_option(string setting)
    {
        var variable = EnvironmentConfig.Variables.Single(v => v.Setting == setting);
        var rows = DocumentedRows();

        Assert.True(rows.TryGetValue(setting, out var row), $"docs/configuration.md has no row for `{setting}`");
        Assert.Equal($"`{variable.Name}`", row[1]);
        Assert.Equal(Options.TryGetValue(setting, out var option) ? $"`{option.Flag}`" : "", row[2]);
    }

    private static async Task<string> EffectiveAsync(ConfigSources sources, string setting)
    {
        object? value = await ConfigResolver.EffectiveAsync(sources, CancellationToken.None);
        foreach (var part in setting.Split('.'))
            value = value!.GetType().GetProperty(char.ToUpperInvariant(part[0]) + part[1..])!.GetValue(value);
        return value is IEnumerable<string> names ? string.Join(",", names) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private sealed record Value(string Text, Func<string, string> Expected)
    {
        public JsonNode Json { get; init; } = JsonValue.Create(Text);
    }

    /// <summary>Three different values a setting of this kind accepts; paths resolve in the folder given to Expected.</summary>
    private static (Value File, Value Variable, Value Option) ValuesFor(EnvironmentConfig.Variable variable)
    {
        switch (variable.Kind)
        {
            case EnvironmentConfig.Kind.Text:
                return (Same("Host=from-file;Database=d"), Same("Host=from-variable;Database=d"), Same("Host=from-option;Database=d"));
            case EnvironmentConfig.Kind.Path:
                return (InFolder("from-file"), InFolder("from-variable"), InFolder("from-option"));
            case EnvironmentConfig.Kind.Names:
                return (Same("from_file") with { Json = new JsonArray("from_file") }, new Value(" app , billing", _ => "app,billing"), Same("unused"));
            default:
                // Numbers that keep clear of the settings they must agree with (each at its default).
                var low = Math.Max(variable.Kind == EnvironmentConfig.Kind.PositiveNumber ? 1 : 0,
                    ConfigRanges.Orderings.Where(o => o.High == variable.Setting).Select(o => ConfigRanges.Default(o.Low)).DefaultIfEmpty(0).Max());
                return (Number(low), Number(low + 1), Number(low + 2));
        }

        static Value Same(string text) => new(text, _ => text);
        static Value InFolder(string text) => new(text, folder => Path.Combine(folder, text));
        static Value Number(int n) => new(n.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Json = JsonValue.Create(n),
        };
    }

    private static string FileWith(string setting, JsonNode value)
    {
        var root = new JsonObject();
        var parts = setting.Split('.');
        var section = parts.Length == 1 ? root : (JsonObject)(root[parts[0]] = new JsonObject());
        section[parts[^1]] = value;
        return root.ToJsonString();
    }

    /// <summary>The settings of the config types, by reflection: a property whose type is another config record is a section.</summary>
    private static IEnumerable<string> SettingsOf(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(p =>
        {
            var name = prefix + char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
            return p.PropertyType.Namespace == typeof(CutoverConfig).Namespace ? SettingsOf(p.PropertyType, name + ".") : [name];
        });

    private static string UpperSnake(string setting) =>
        string.Concat(setting.Select((c, i) => c == '.' ? "_" : char.IsUpper(c) && i > 0 && setting[i - 1] != '.' ? "_" + c : char.ToUpperInvariant(c).ToString()));

    /// <summary>The rows of the settings table in docs/configuration.md, by setting: | `setting` | `VARIABLE` | `--option` | default | meaning |.</summary>
    private static Dictionary<string, string[]> DocumentedRows() =>
        File.ReadAllLines(Path.Combine(RepositoryFolder.Root(), "docs", "configuration.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length >= 5 && cells[1].StartsWith("`CUTOVER_", StringComparison.Ordinal))
            .ToDictionary(cells => cells[0].Trim('`'), StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();
}
