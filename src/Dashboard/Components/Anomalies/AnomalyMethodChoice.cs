using Jobs.Anomalies;

namespace Jobs.Dashboard.Components.Anomalies;

/// <summary>The methods the anomaly page offers: the detector's three, with STL plain or robust.</summary>
public enum AnomalyMethodChoice
{
    /// <summary>Z-score of the raw values.</summary>
    ZScore,

    /// <summary>Robust z of the residual of a plain STL fit.</summary>
    Stl,

    /// <summary>The same on a robust STL fit (outliers down-weighted, so they stand out in the residual).</summary>
    RobustStl,

    /// <summary>Both rules; each flagged point once.</summary>
    Combined,
}

/// <summary>Maps the page's choice to the detector's method and the job's arguments.</summary>
public static class AnomalyMethodChoices
{
    /// <summary>The label shown.</summary>
    public static string Label(AnomalyMethodChoice choice) => choice switch
    {
        AnomalyMethodChoice.ZScore => "z-score",
        AnomalyMethodChoice.Stl => "STL",
        AnomalyMethodChoice.RobustStl => "Robust STL",
        _ => "Combined (z-score + STL)",
    };

    /// <summary>The detector's method.</summary>
    public static AnomalyMethod Method(AnomalyMethodChoice choice) => choice switch
    {
        AnomalyMethodChoice.ZScore => AnomalyMethod.ZScore,
        AnomalyMethodChoice.Stl or AnomalyMethodChoice.RobustStl => AnomalyMethod.Stl,
        _ => AnomalyMethod.Combined,
    };

    /// <summary>Whether the STL fit is robust.</summary>
    public static bool Robust(AnomalyMethodChoice choice) => choice == AnomalyMethodChoice.RobustStl;

    /// <summary>Whether the choice runs STL (and so needs a period).</summary>
    public static bool UsesStl(AnomalyMethodChoice choice) => choice != AnomalyMethodChoice.ZScore;
}
