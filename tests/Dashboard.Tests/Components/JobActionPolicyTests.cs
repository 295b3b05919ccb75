using Jobs.Dashboard.Actions;
using Jobs.Model;

namespace Jobs.Dashboard.Tests.Components;

public sealed class JobActionPolicyTests
{
    // The rules, written out: cancel waiting or running jobs, retry failed/dead-lettered/cancelled, delete finished ones.
    internal static readonly (JobState State, bool Cancel, bool Retry, bool Delete)[] Table =
    [
        (JobState.Scheduled, true, false, false),
        (JobState.AwaitingDependencies, true, false, false),
        (JobState.Enqueued, true, false, false),
        (JobState.Processing, true, false, false),
        (JobState.Failed, true, true, false),
        (JobState.Succeeded, false, false, true),
        (JobState.DeadLettered, false, true, true),
        (JobState.Cancelled, false, true, true),
    ];

    public static TheoryData<JobState, bool, bool, bool> Rules
    {
        get
        {
            var data = new TheoryData<JobState, bool, bool, bool>();
            foreach (var (state, cancel, retry, delete) in Table)
            {
                data.Add(state, cancel, retry, delete);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Allows_MatchesTheRules_ForEveryState(JobState state, bool cancel, bool retry, bool delete)
    {
        Assert.Equal(cancel, JobActionPolicy.StateAllows(JobAction.Cancel, state));
        Assert.Equal(retry, JobActionPolicy.StateAllows(JobAction.Retry, state));
        Assert.Equal(delete, JobActionPolicy.StateAllows(JobAction.Delete, state));
    }

    [Fact]
    public void Rules_CoverEveryState()
    {
        Assert.Equal(Enum.GetValues<JobState>().Order(), Table.Select(r => r.State).Order());
    }
}
