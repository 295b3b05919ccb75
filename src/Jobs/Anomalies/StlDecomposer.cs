using MathNet.Numerics.Statistics;

namespace Jobs.Anomalies;

/// <summary>
/// Seasonal-trend decomposition by LOESS (Cleveland et al. 1990), the NETLIB algorithm as statsmodels' <c>STL</c> runs it.
/// </summary>
/// <remarks>
/// Matches statsmodels 0.13.5 to rounding (the reference cases agree to about 1e-11). Work arrays are allocated once
/// per decomposer and grown only when a longer series or period comes along, so the loops allocate nothing per point;
/// a decomposer is therefore not thread-safe: use one per thread. The results are fresh arrays each call.
/// </remarks>
public sealed class StlDecomposer
{
    private double[] _work1 = [];
    private double[] _work2 = [];
    private double[] _work3 = [];
    private double[] _work4 = [];
    private double[] _work5 = [];
    private double[] _subseries = [];
    private double[] _subWeights = [];
    private double[] _subSmooth = [];
    private double[] _subWork = [];
    private double[] _median = [];

    /// <summary>Decomposes <paramref name="values"/> with <paramref name="parameters"/> (statsmodels defaults for what is unset).</summary>
    /// <exception cref="AnomalyParameterException">For an invalid parameter, a series shorter than two periods, or a NaN or infinite value.</exception>
    public StlDecomposition Decompose(ReadOnlySpan<double> values, StlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var settings = parameters.Resolve(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new AnomalyParameterException("values", $"values[{i}] is {values[i]}; STL needs finite numbers.");
            }
        }

        var n = values.Length;
        var trend = new double[n];
        var seasonal = new double[n];
        var weights = new double[n];
        Prepare(n, settings.Period);

        var useWeights = false;
        var pass = 0;
        while (true)
        {
            InnerLoop(values, settings, useWeights, weights, seasonal, trend);
            pass++;
            if (pass > settings.OuterIterations)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                _work1[i] = trend[i] + seasonal[i];
            }

            RobustnessWeights(values, _work1.AsSpan(0, n), weights, _median);
            useWeights = true;
        }

        if (settings.OuterIterations <= 0)
        {
            Array.Fill(weights, 1.0);
        }

        var resid = new double[n];
        for (var i = 0; i < n; i++)
        {
            resid[i] = values[i] - trend[i] - seasonal[i];
        }

        return new StlDecomposition(settings, trend, seasonal, resid, weights);
    }

    private void Prepare(int n, int period)
    {
        var full = n + (2 * period);
        if (_work1.Length < full)
        {
            _work1 = new double[full];
            _work2 = new double[full];
            _work3 = new double[full];
            _work4 = new double[full];
            _work5 = new double[full];
        }

        if (_median.Length != n)
        {
            // MathNet's in-place median works on a whole array: one of exactly n points.
            _median = new double[n];
        }

        // A cycle-subseries has at most ceil(n / period) points, plus the two extrapolated ends.
        var sub = (n / period) + 3;
        if (_subseries.Length < sub)
        {
            _subseries = new double[sub];
            _subWeights = new double[sub];
            _subSmooth = new double[sub];
            _subWork = new double[sub];
        }
    }

    /// <summary>NETLIB <c>stlstp</c>: <paramref name="settings"/>.InnerIterations passes updating seasonal and trend.</summary>
    private void InnerLoop(ReadOnlySpan<double> y, StlSettings settings, bool useWeights, double[] rw, double[] season, double[] trend)
    {
        var n = y.Length;
        var np = settings.Period;
        var detrended = _work1;
        var cycle = _work2;
        for (var pass = 0; pass < settings.InnerIterations; pass++)
        {
            for (var i = 0; i < n; i++)
            {
                detrended[i] = y[i] - trend[i];
            }

            CycleSubseries(detrended, n, settings, useWeights, rw, cycle);
            LowPassFilter(cycle, n + (2 * np), np, _work3, _work1);
            // work1 now holds the low-pass component L of the cycle-subseries C.
            Loess.Smooth(_work3, n, settings.LowPass, settings.LowPassDegree, settings.LowPassJump, false, default, _work1, _work5);
            for (var i = 0; i < n; i++)
            {
                season[i] = cycle[np + i] - _work1[i];
            }

            for (var i = 0; i < n; i++)
            {
                _work1[i] = y[i] - season[i];
            }

            Loess.Smooth(_work1, n, settings.Trend, settings.TrendDegree, settings.TrendJump, useWeights, rw, trend, _work3);
        }
    }

    /// <summary>NETLIB <c>stlss</c>: smooths each cycle-subseries and extends it by one point at each end, into <paramref name="cycle"/> (n + 2·period long).</summary>
    private void CycleSubseries(double[] y, int n, StlSettings settings, bool useWeights, double[] rw, double[] cycle)
    {
        var np = settings.Period;
        var ns = settings.Seasonal;
        var degree = settings.SeasonalDegree;
        var sub = _subseries;
        var subWeights = _subWeights;
        var smooth = _subSmooth;
        var work = _subWork;
        for (var j = 1; j <= np; j++)
        {
            var k = ((n - j) / np) + 1;
            for (var i = 1; i <= k; i++)
            {
                sub[i - 1] = y[((i - 1) * np) + j - 1];
            }

            if (useWeights)
            {
                for (var i = 1; i <= k; i++)
                {
                    subWeights[i - 1] = rw[((i - 1) * np) + j - 1];
                }
            }

            // smooth[1..k] is the fit, smooth[0] and smooth[k+1] the extrapolations.
            Loess.Smooth(sub, k, ns, degree, settings.SeasonalJump, useWeights, subWeights, smooth.AsSpan(1), work);
            var nright = Math.Min(ns, k);
            if (!Loess.Estimate(sub, k, ns, degree, 0.0, out smooth[0], 1, nright, useWeights, subWeights))
            {
                smooth[0] = smooth[1];
            }

            var nleft = Math.Max(1, k - ns + 1);
            if (!Loess.Estimate(sub, k, ns, degree, k + 1.0, out smooth[k + 1], nleft, k, useWeights, subWeights))
            {
                smooth[k + 1] = smooth[k];
            }

            for (var m = 1; m <= k + 2; m++)
            {
                cycle[((m - 1) * np) + j - 1] = smooth[m - 1];
            }
        }
    }

    /// <summary>NETLIB <c>stlfts</c>: moving averages of length period, period and 3, leaving <paramref name="length"/> − 2·period points in <paramref name="output"/>.</summary>
    private static void LowPassFilter(double[] x, int length, int period, double[] output, double[] work)
    {
        MovingAverage(x, length, period, output);
        MovingAverage(output, length - period + 1, period, work);
        MovingAverage(work, length - (2 * period) + 2, 3, output);
    }

    /// <summary>NETLIB <c>stlma</c>: a running-sum moving average of <paramref name="span"/> points.</summary>
    private static void MovingAverage(double[] x, int n, int span, double[] average)
    {
        var count = n - span + 1;
        double divisor = span;
        var v = 0.0;
        for (var i = 0; i < span; i++)
        {
            v += x[i];
        }

        average[0] = v / divisor;
        for (int j = 1, k = span, m = 0; j < count; j++, k++, m++)
        {
            v = v - x[m] + x[k];
            average[j] = v / divisor;
        }
    }

    /// <summary>
    /// NETLIB <c>stlrwt</c>: bisquare weights of the residuals with h = 6·median|R|
    /// (for an even count the mean of the two middle values); all 1 when h is 0, as statsmodels does.
    /// </summary>
    /// <remarks>
    /// An exact fit (a constant, or a line plus a cycle) leaves residuals of pure rounding noise; weighting points by
    /// noise would be arbitrary, so h below 1e-12 of the series' magnitude counts as 0 too.
    /// </remarks>
    private static void RobustnessWeights(ReadOnlySpan<double> y, ReadOnlySpan<double> fit, double[] rw, double[] scratch)
    {
        var n = y.Length;
        for (var i = 0; i < n; i++)
        {
            scratch[i] = Math.Abs(y[i] - fit[i]);
        }

        // 6 x the median (mean of the middle two for even n) equals the Fortran's 3 x (sum of the middle two) exactly.
        var cmad = 6.0 * ArrayStatistics.MedianInplace(scratch);
        if (cmad <= 1e-12 * Checks.Magnitude(y))
        {
            Array.Fill(rw, 1.0, 0, n);
            return;
        }

        var c9 = 0.999 * cmad;
        var c1 = 0.001 * cmad;
        for (var i = 0; i < n; i++)
        {
            var r = Math.Abs(y[i] - fit[i]);
            if (r <= c1)
            {
                rw[i] = 1.0;
            }
            else if (r <= c9)
            {
                var q = r / cmad;
                var t = 1.0 - (q * q);
                rw[i] = t * t;
            }
            else
            {
                rw[i] = 0.0;
            }
        }
    }
}
