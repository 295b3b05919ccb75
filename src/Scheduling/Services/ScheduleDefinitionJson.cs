using System.Text.Json;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Triggers;
using Quartz;

namespace Jobs.Scheduling.Services;

/// <summary>Stores a schedule's definition in its Quartz job's data map, as one JSON string.</summary>
/// <remarks>One string keeps the stored form readable in the database and independent of Quartz's own serializer.</remarks>
internal static class ScheduleDefinitionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(ScheduleDefinition definition) => JsonSerializer.Serialize(definition, Options);

    /// <summary>The definition stored in <paramref name="data"/>, or null when there is none or it is unreadable.</summary>
    public static ScheduleDefinition? Read(JobDataMap data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.TryGetValue(ScheduleKeys.DefinitionKey, out var value) || value is not string json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ScheduleDefinition>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
