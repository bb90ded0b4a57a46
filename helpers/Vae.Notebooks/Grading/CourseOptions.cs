namespace Vae.Notebooks.Grading;

/// <summary>What makes a class a course: who is in it, and which slice of it this machine grades.</summary>
public sealed record CourseOptions
{
    /// <summary>The roster to grade against (<see cref="Roster"/>), kept in the gradebook's folder as roster.csv for later
    /// rebuilds; null: the roster already there, if any.</summary>
    public string? Roster { get; init; }

    /// <summary>The slice of the class this machine grades; a shard writes its results, and the gradebook is made once
    /// the shards are merged.</summary>
    public Shard Shard { get; init; } = Shard.All;
}
