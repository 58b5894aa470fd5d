using System.Runtime.CompilerServices;
using Bittensor.Consensus.FixedPoint;

namespace Bittensor.Consensus;

/// <summary>
/// A row of n columns to accumulate into, as the chain does in <c>mat_ema_sparse</c> and <c>interpolate_sparse</c>,
/// then read back in ascending column order. A row with many entries is read by scanning all n columns; a row with
/// few remembers the columns it touched and sorts them, so a sparse row of a large subnet costs its entries, not n.
/// </summary>
internal sealed class DenseRow
{
    private readonly I32F32[] _values;
    private readonly bool[] _touched;
    private readonly List<int> _touchedColumns = [];
    private bool _scan;

    public DenseRow(int columns)
    {
        _values = new I32F32[columns];
        _touched = new bool[columns];
    }

    public int Length => _values.Length;

    /// <summary>Starts a row that will receive about <paramref name="entries"/> writes.</summary>
    public void Begin(int entries) => _scan = entries * 16L >= _values.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref I32F32 At(int column)
    {
        if (!_scan && !_touched[column])
        {
            _touched[column] = true;
            _touchedColumns.Add(column);
        }
        return ref _values[column];
    }

    public I32F32 Peek(int column) => _values[column];

    /// <summary>The columns written since <see cref="Begin"/>, ascending (all columns for a scanned row).</summary>
    public IEnumerable<int> ColumnsInOrder()
    {
        if (_scan)
        {
            for (var j = 0; j < _values.Length; j++) yield return j;
            yield break;
        }
        _touchedColumns.Sort();
        foreach (var j in _touchedColumns) yield return j;
    }

    /// <summary>Appends the positive values in column order to <paramref name="builder"/> and clears the row.</summary>
    public void EmitPositive(SparseRows<I32F32>.Builder builder)
    {
        if (_scan)
        {
            var values = _values;
            for (var j = 0; j < values.Length; j++)
            {
                if (values[j] > I32F32.Zero) builder.Add(j, values[j]);
                values[j] = I32F32.Zero;
            }
            return;
        }
        _touchedColumns.Sort();
        foreach (var j in _touchedColumns)
        {
            if (_values[j] > I32F32.Zero) builder.Add(j, _values[j]);
            _values[j] = I32F32.Zero;
            _touched[j] = false;
        }
        _touchedColumns.Clear();
    }

    /// <summary>Clears the row without reading it.</summary>
    public void Clear()
    {
        if (_scan) Array.Clear(_values);
        else
        {
            foreach (var j in _touchedColumns)
            {
                _values[j] = I32F32.Zero;
                _touched[j] = false;
            }
        }
        _touchedColumns.Clear();
    }
}
