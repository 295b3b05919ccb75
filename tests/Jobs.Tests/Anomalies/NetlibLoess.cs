namespace Jobs.Tests.Anomalies;

/// <summary>Test oracle: a literal port of NETLIB <c>stlest</c> and <c>stless</c> (four passes per window, no shortcuts).</summary>
/// <remarks>
/// Positions are 1-based doubles exactly as in the Fortran, so that every sum happens in the same order and the
/// results agree with statsmodels to rounding. Nothing here allocates: callers pass the work spans.
/// </remarks>
internal static class NetlibLoess
{
    /// <summary>
    /// The local fit at position <paramref name="xs"/> over the window [<paramref name="nleft"/>, <paramref name="nright"/>]
    /// (1-based) of <paramref name="y"/>'s first <paramref name="n"/> points. False when every weight is zero.
    /// </summary>
    /// <remarks><paramref name="w"/> is a work span (at least <paramref name="nright"/> long) for the weights.</remarks>
    public static bool Estimate(
        ReadOnlySpan<double> y, int n, int span, int degree, double xs, out double ys, int nleft, int nright,
        Span<double> w, bool useWeights, ReadOnlySpan<double> robustness)
    {
        var range = n - 1.0;
        var h = Math.Max(xs - nleft, nright - xs);
        if (span > n)
        {
            h += (span - n) / 2;
        }

        var h9 = 0.999 * h;
        var h1 = 0.001 * h;
        var a = 0.0;
        for (var j = nleft; j <= nright; j++)
        {
            var wj = 0.0;
            var r = Math.Abs(j - xs);
            if (r <= h9)
            {
                if (r <= h1)
                {
                    wj = 1.0;
                }
                else
                {
                    var q = r / h;
                    var t = 1.0 - (q * q * q);
                    wj = t * t * t;
                }

                if (useWeights)
                {
                    wj = robustness[j - 1] * wj;
                }

                a += wj;
            }

            w[j - 1] = wj;
        }

        if (a <= 0.0)
        {
            ys = 0.0;
            return false;
        }

        for (var j = nleft; j <= nright; j++)
        {
            w[j - 1] /= a;
        }

        if (h > 0.0 && degree > 0)
        {
            a = 0.0;
            for (var j = nleft; j <= nright; j++)
            {
                a += w[j - 1] * j;
            }

            var b = xs - a;
            var c = 0.0;
            for (var j = nleft; j <= nright; j++)
            {
                var d = j - a;
                c += w[j - 1] * d * d;
            }

            if (Math.Sqrt(c) > 0.001 * range)
            {
                b /= c;
                for (var j = nleft; j <= nright; j++)
                {
                    w[j - 1] *= (b * (j - a)) + 1.0;
                }
            }
        }

        var sum = 0.0;
        for (var j = nleft; j <= nright; j++)
        {
            sum += w[j - 1] * y[j - 1];
        }

        ys = sum;
        return true;
    }

    /// <summary>
    /// Smooths the first <paramref name="n"/> points of <paramref name="y"/> into <paramref name="ys"/> with a LOESS of
    /// <paramref name="span"/> points, evaluated at every <paramref name="jump"/>-th point (and the last) and linearly
    /// interpolated between.
    /// </summary>
    /// <remarks><paramref name="work"/> is a work span of at least <paramref name="n"/> points.</remarks>
    public static void Smooth(
        ReadOnlySpan<double> y, int n, int span, int degree, int jump, bool useWeights, ReadOnlySpan<double> robustness,
        Span<double> ys, Span<double> work)
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
                Fit(y, n, span, degree, i, ys, nleft, nright, work, useWeights, robustness);
            }
        }
        else if (step == 1)
        {
            var half = (span + 1) / 2;
            nleft = 1;
            nright = span;
            for (var i = 1; i <= n; i++)
            {
                if (i > half && nright != n)
                {
                    nleft++;
                    nright++;
                }

                Fit(y, n, span, degree, i, ys, nleft, nright, work, useWeights, robustness);
            }
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

                Fit(y, n, span, degree, i, ys, nleft, nright, work, useWeights, robustness);
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
            Fit(y, n, span, degree, n, ys, nleft, nright, work, useWeights, robustness);
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

    private static void Fit(
        ReadOnlySpan<double> y, int n, int span, int degree, int i, Span<double> ys, int nleft, int nright,
        Span<double> work, bool useWeights, ReadOnlySpan<double> robustness) =>
        ys[i - 1] = Estimate(y, n, span, degree, i, out var fit, nleft, nright, work, useWeights, robustness) ? fit : y[i - 1];
}
