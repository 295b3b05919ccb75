namespace Jobs.Anomalies;

/// <summary>The LOESS smoother of STL (NETLIB <c>stlest</c> and <c>stless</c>).</summary>
/// <remarks>
/// Same windows, weights, bandwidths and fall-backs as the Fortran, with 1-based positions. Two changes for speed, both
/// exact in exact arithmetic and within ~1e-13 of the Fortran in floating point: the local linear fit is computed from
/// five running sums in one pass over the window (in coordinates centred on the fitted position, so nothing cancels),
/// and in the interior of a window sliding by one point the tricube weights, identical for every point there, come
/// from a table (without robustness weights they form a fixed normalised kernel whose linear correction is zero by
/// symmetry). Nothing here allocates: callers pass the work spans.
/// </remarks>
internal static class Loess
{
    /// <summary>
    /// The local fit at position <paramref name="xs"/> over the window [<paramref name="nleft"/>, <paramref name="nright"/>]
    /// (1-based) of <paramref name="y"/>'s first <paramref name="n"/> points. False when every weight is zero.
    /// </summary>
    public static bool Estimate(
        ReadOnlySpan<double> y, int n, int span, int degree, double xs, out double ys, int nleft, int nright,
        bool useWeights, ReadOnlySpan<double> robustness)
    {
        var range = n - 1.0;
        var h = Math.Max(xs - nleft, nright - xs);
        if (span > n)
        {
            h += (span - n) / 2;
        }

        var h9 = 0.999 * h;
        var h1 = 0.001 * h;
        double s0 = 0, s1 = 0, s2 = 0, sy = 0, sdy = 0;
        for (var j = nleft; j <= nright; j++)
        {
            var d = j - xs;
            var r = Math.Abs(d);
            if (r > h9)
            {
                continue;
            }

            double w;
            if (r <= h1)
            {
                w = 1.0;
            }
            else
            {
                var q = r / h;
                var t = 1.0 - (q * q * q);
                w = t * t * t;
            }

            if (useWeights)
            {
                w *= robustness[j - 1];
            }

            var wd = w * d;
            var wy = w * y[j - 1];
            s0 += w;
            s1 += wd;
            s2 += wd * d;
            sy += wy;
            sdy += wy * d;
        }

        return Finish(s0, s1, s2, sy, sdy, h > 0.0 && degree > 0, 0.001 * range, out ys);
    }

    /// <summary>Turns the window sums into the fitted value (weights normalised to sum 1, then the linear correction).</summary>
    private static bool Finish(double s0, double s1, double s2, double sy, double sdy, bool linear, double minSpread, out double ys)
    {
        if (s0 <= 0.0)
        {
            ys = 0.0;
            return false;
        }

        ys = sy / s0;
        if (linear)
        {
            // a: weighted mean position; c: weighted variance of positions (both relative to xs).
            var a = s1 / s0;
            var c = (s2 / s0) - (a * a);
            if (Math.Sqrt(c) > minSpread)
            {
                var b = -a / c;
                ys = (sy + (b * (sdy - (a * sy)))) / s0;
            }
        }

        return true;
    }

    /// <summary>
    /// Smooths the first <paramref name="n"/> points of <paramref name="y"/> into <paramref name="ys"/> with a LOESS of
    /// <paramref name="span"/> points, evaluated at every <paramref name="jump"/>-th point (and the last) and linearly
    /// interpolated between.
    /// </summary>
    /// <remarks><paramref name="kernel"/> is a work span of at least <paramref name="span"/> points.</remarks>
    public static void Smooth(
        ReadOnlySpan<double> y, int n, int span, int degree, int jump, bool useWeights, ReadOnlySpan<double> robustness,
        Span<double> ys, Span<double> kernel)
    {
        if (n < 2)
        {
            ys[0] = y[0];
            return;
        }

        var step = Math.Min(jump, n - 1);
        var nleft = 0;
        var nright = 0;
        if (span >= n)
        {
            nleft = 1;
            nright = n;
            for (var i = 1; i <= n; i += step)
            {
                Fit(y, n, span, degree, i, ys, nleft, nright, useWeights, robustness);
            }
        }
        else if (step == 1)
        {
            SlidingWindow(y, n, span, degree, useWeights, robustness, ys, kernel);
            return;
        }
        else
        {
            var half = (span + 1) / 2;
            for (var i = 1; i <= n; i += step)
            {
                if (i < half)
                {
                    nleft = 1;
                    nright = span;
                }
                else if (i >= n - half + 1)
                {
                    nleft = n - span + 1;
                    nright = n;
                }
                else
                {
                    nleft = i - half + 1;
                    nright = span + i - half;
                }

                Fit(y, n, span, degree, i, ys, nleft, nright, useWeights, robustness);
            }
        }

        if (step == 1)
        {
            return;
        }

        for (var i = 1; i <= n - step; i += step)
        {
            var delta = (ys[i + step - 1] - ys[i - 1]) / step;
            for (var j = i + 1; j <= i + step - 1; j++)
            {
                ys[j - 1] = ys[i - 1] + (delta * (j - i));
            }
        }

        var k = ((n - 1) / step * step) + 1;
        if (k != n)
        {
            // The last point is fitted with the window of the last evaluated point, as the Fortran does.
            Fit(y, n, span, degree, n, ys, nleft, nright, useWeights, robustness);
            if (k != n - 1)
            {
                var delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                for (var j = k + 1; j <= n - 1; j++)
                {
                    ys[j - 1] = ys[k - 1] + (delta * (j - k));
                }
            }
        }
    }

    /// <summary>
    /// Jump 1 with a window shorter than the series: the window [1, span] for the first (span+1)/2 points, then
    /// centred (sliding by one), then [n − span + 1, n] at the end.
    /// </summary>
    private static void SlidingWindow(
        ReadOnlySpan<double> y, int n, int span, int degree, bool useWeights, ReadOnlySpan<double> robustness,
        Span<double> ys, Span<double> kernel)
    {
        var half = (span + 1) / 2;
        // Points half+1 .. n-half+1 have the centred window [i-half+1, i+half-1] (or, for span even, one longer to the right).
        var firstCentred = half + 1;
        var lastCentred = n - span + half;
        for (var i = 1; i < firstCentred && i <= n; i++)
        {
            Fit(y, n, span, degree, i, ys, 1, span, useWeights, robustness);
        }

        if (firstCentred <= lastCentred)
        {
            var left = -(half - 1);
            var right = span - half;
            var h = (double)Math.Max(-left, right);
            var h9 = 0.999 * h;
            var h1 = 0.001 * h;
            var taps = right - left + 1;
            var tricube = kernel[..taps];
            var total = 0.0;
            for (var t = 0; t < taps; t++)
            {
                var r = Math.Abs(left + t);
                double w = 0;
                if (r <= h9)
                {
                    if (r <= h1)
                    {
                        w = 1.0;
                    }
                    else
                    {
                        var q = r / h;
                        var c = 1.0 - (q * q * q);
                        w = c * c * c;
                    }
                }

                tricube[t] = w;
                total += w;
            }

            var linear = h > 0.0 && degree > 0;
            var minSpread = 0.001 * (n - 1.0);
            if (!useWeights && left == -right)
            {
                // Symmetric, fixed weights: the weighted mean position is the point itself, so the linear
                // correction vanishes and the fit is a convolution with the normalised kernel.
                for (var t = 0; t < taps; t++)
                {
                    tricube[t] /= total;
                }

                for (var i = firstCentred; i <= lastCentred; i++)
                {
                    var window = y.Slice(i - 1 + left, taps);
                    var sum = 0.0;
                    for (var t = 0; t < taps; t++)
                    {
                        sum += tricube[t] * window[t];
                    }

                    ys[i - 1] = sum;
                }
            }
            else
            {
                // The weighted variance of positions is at most h², so when h is below the spread the Fortran asks
                // for (0.001 x (n - 1): long series) the linear correction can never apply: two sums suffice.
                if (useWeights && (!linear || h <= minSpread))
                {
                    for (var i = firstCentred; i <= lastCentred; i++)
                    {
                        var start = i - 1 + left;
                        var window = y.Slice(start, taps);
                        var rw = robustness.Slice(start, taps);
                        double s0 = 0, sy = 0;
                        for (var t = 0; t < taps; t++)
                        {
                            var w = tricube[t] * rw[t];
                            s0 += w;
                            sy += w * window[t];
                        }

                        ys[i - 1] = s0 > 0.0 ? sy / s0 : y[i - 1];
                    }
                }
                else
                {
                    WeightedLinear(y, useWeights, robustness, ys, tricube, left, firstCentred, lastCentred, linear, minSpread);
                }
            }
        }

        for (var i = Math.Max(firstCentred, lastCentred + 1); i <= n; i++)
        {
            Fit(y, n, span, degree, i, ys, n - span + 1, n, useWeights, robustness);
        }
    }

    /// <summary>The centred windows with the full local linear fit (robustness weights, or an asymmetric window).</summary>
    private static void WeightedLinear(
        ReadOnlySpan<double> y, bool useWeights, ReadOnlySpan<double> robustness, Span<double> ys, ReadOnlySpan<double> tricube,
        int left, int firstCentred, int lastCentred, bool linear, double minSpread)
    {
        var taps = tricube.Length;
        for (var i = firstCentred; i <= lastCentred; i++)
        {
            var start = i - 1 + left;
            var window = y.Slice(start, taps);
            var rw = useWeights ? robustness.Slice(start, taps) : default;
            double s0 = 0, s1 = 0, s2 = 0, sy = 0, sdy = 0;
            for (var t = 0; t < taps; t++)
            {
                var w = useWeights ? tricube[t] * rw[t] : tricube[t];
                double d = left + t;
                var wd = w * d;
                var wy = w * window[t];
                s0 += w;
                s1 += wd;
                s2 += wd * d;
                sy += wy;
                sdy += wy * d;
            }

            ys[i - 1] = Finish(s0, s1, s2, sy, sdy, linear, minSpread, out var fit) ? fit : y[i - 1];
        }
    }

    private static void Fit(
        ReadOnlySpan<double> y, int n, int span, int degree, int i, Span<double> ys, int nleft, int nright,
        bool useWeights, ReadOnlySpan<double> robustness) =>
        ys[i - 1] = Estimate(y, n, span, degree, i, out var fit, nleft, nright, useWeights, robustness) ? fit : y[i - 1];
}
