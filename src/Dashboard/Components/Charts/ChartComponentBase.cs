using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>A chart component: re-draws its SVG only when its data or the theme changed.</summary>
/// <remarks>
/// Pages re-render on every live event (a few times a second while a job runs); drawing a chart of a thousand points
/// each time would cost far more than the render itself, so the last drawing is kept until an input changes.
/// </remarks>
public abstract class ChartComponentBase : ComponentBase
{
    /// <summary>The name of the cascading value the layout sets to the current theme.</summary>
    public const string DarkModeName = "DashboardDarkMode";

    private object? _drawnFrom;
    private bool _drawnDark;

    /// <summary>Whether the page is in dark mode (cascaded by the layout).</summary>
    [CascadingParameter(Name = DarkModeName)] public bool Dark { get; set; }

    /// <summary>The chart's width in SVG units (the browser scales it to its card); the kind's default when null.</summary>
    [Parameter] public int? Width { get; set; }

    /// <summary>The chart's height in SVG units; the kind's default when null.</summary>
    [Parameter] public int? Height { get; set; }

    /// <summary>The width drawn at.</summary>
    protected int ChartWidth => Width ?? DefaultSize.Width;

    /// <summary>The height drawn at.</summary>
    protected int ChartHeight => Height ?? DefaultSize.Height;

    /// <summary>The kind's size when none is given.</summary>
    protected virtual (int Width, int Height) DefaultSize => (640, 300);

    /// <summary>The palette of the current theme.</summary>
    protected ChartPalette Palette => ChartPalette.For(Dark);

    /// <summary>The object whose identity says the data changed (the data parameter).</summary>
    protected abstract object? DataKey { get; }

    /// <summary>Draws the chart from the current parameters.</summary>
    protected abstract void Draw();

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_drawnFrom, DataKey) && _drawnDark == Dark && _drawnFrom is not null)
        {
            return;
        }

        _drawnFrom = DataKey;
        _drawnDark = Dark;
        Draw();
    }
}
