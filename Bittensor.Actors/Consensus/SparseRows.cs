using System.Buffers;

namespace Bittensor.Consensus;

/// <summary>
/// A sparse matrix stored row by row (compressed sparse rows): each row keeps its entries in the order they were
/// given, as the chain keeps weights and bonds (the order is observable, see yuma-spec §10.13). Rows are read as
/// spans, so walking a matrix allocates nothing.
/// </summary>
/// <remarks>
/// An epoch's intermediate matrices rent their large entry arrays from <see cref="ArrayPool{T}.Shared"/> (fresh
/// multi-megabyte arrays every epoch cost more in page faults than the arithmetic) and <see cref="Dispose"/> gives
/// them back. Matrices built for callers own plain arrays; disposing them does nothing.
/// </remarks>
public sealed class SparseRows<T> : IDisposable where T : unmanaged
{
    private const int PoolingThreshold = 4096;

    internal readonly int[] RowStart;
    internal readonly int[] ColumnIndex;
    internal readonly T[] Value;
    private bool _rented;

    internal SparseRows(int[] rowStart, int[] columnIndex, T[] value, bool rented = false)
    {
        RowStart = rowStart;
        ColumnIndex = columnIndex;
        Value = value;
        _rented = rented;
    }

    /// <summary>Returns rented entry arrays to the pool; the matrix must not be read afterwards. Idempotent.</summary>
    public void Dispose()
    {
        if (!_rented) return;
        _rented = false;
        ArrayPool<int>.Shared.Return(ColumnIndex);
        ArrayPool<T>.Shared.Return(Value);
    }

    public int RowCount => RowStart.Length - 1;

    public int EntryCount => RowStart[^1];

    /// <summary>The uid of every entry, row after row.</summary>
    public ReadOnlySpan<int> EntryColumns => ColumnIndex.AsSpan(0, EntryCount);

    /// <summary>The value of every entry, row after row.</summary>
    public ReadOnlySpan<T> EntryValues => Value.AsSpan(0, EntryCount);

    public ReadOnlySpan<int> Columns(int row) => ColumnIndex.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    public ReadOnlySpan<T> Values(int row) => Value.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    internal Span<T> MutableValues(int row) => Value.AsSpan(RowStart[row], RowStart[row + 1] - RowStart[row]);

    /// <summary>The entries of one row as (column, value) pairs, in stored order.</summary>
    public IReadOnlyList<(int Column, T Value)> Row(int row)
    {
        var columns = Columns(row);
        var values = Values(row);
        var entries = new (int, T)[columns.Length];
        for (var k = 0; k < entries.Length; k++) entries[k] = (columns[k], values[k]);
        return entries;
    }

    public static SparseRows<T> Empty(int rows) => new(new int[rows + 1], [], []);

    public static SparseRows<T> FromRows(IReadOnlyList<IReadOnlyList<(int Column, T Value)>> rows)
    {
        var builder = new Builder(rows.Count, rows.Sum(r => r.Count));
        foreach (var row in rows)
        {
            foreach (var (column, value) in row) builder.Add(column, value);
            builder.EndRow();
        }
        return builder.Build();
    }

    public SparseRows<T> Clone() => Clone(pooled: false);

    /// <summary>A copy whose large arrays are rented: for an intermediate that will be disposed.</summary>
    internal SparseRows<T> Clone(bool pooled)
    {
        var entries = EntryCount;
        var rented = pooled && entries >= PoolingThreshold;
        var columns = rented ? ArrayPool<int>.Shared.Rent(entries) : new int[entries];
        var values = rented ? ArrayPool<T>.Shared.Rent(entries) : new T[entries];
        ColumnIndex.AsSpan(0, entries).CopyTo(columns);
        Value.AsSpan(0, entries).CopyTo(values);
        return new((int[])RowStart.Clone(), columns, values, rented);
    }

    /// <summary>Appends rows one entry at a time; the capacity grows if an estimate was too small.</summary>
    public sealed class Builder
    {
        private readonly int[] _rowStart;
        private int[] _columns;
        private T[] _values;
        private bool _rented;
        private int _row;
        private int _count;

        /// <param name="rows">Rows the matrix will have.</param>
        /// <param name="capacity">Expected entries; the arrays grow past it if needed.</param>
        /// <param name="pooled">
        /// Rent large arrays from the pool (for intermediates that are disposed); false for a matrix that outlives the
        /// caller, so that the pool is not drained by arrays that never come back.
        /// </param>
        public Builder(int rows, int capacity, bool pooled = false)
        {
            _rowStart = new int[rows + 1];
            capacity = Math.Max(capacity, 0);
            _rented = pooled && capacity >= PoolingThreshold;
            _columns = _rented ? ArrayPool<int>.Shared.Rent(capacity) : new int[capacity];
            _values = _rented ? ArrayPool<T>.Shared.Rent(capacity) : new T[capacity];
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Add(int column, T value)
        {
            var count = _count;
            var columns = _columns;
            if ((uint)count >= (uint)columns.Length)
            {
                Grow();
                columns = _columns;
            }
            columns[count] = column;
            _values[count] = value;
            _count = count + 1;
        }

        /// <summary>Entries added so far.</summary>
        public int Count => _count;

        /// <summary>The columns of the entries added since <paramref name="start"/> (a former <see cref="Count"/>).</summary>
        public ReadOnlySpan<int> ColumnsSince(int start) => _columns.AsSpan(start, _count - start);

        /// <summary>The values added since <paramref name="start"/>, to finish a row in place before it is ended.</summary>
        public Span<T> ValuesSince(int start) => _values.AsSpan(start, _count - start);

        public void EndRow()
        {
            if (_row == _rowStart.Length - 1) throw new InvalidOperationException("Every row has already been ended.");
            _rowStart[++_row] = _count;
        }

        public SparseRows<T> Build()
        {
            if (_row != _rowStart.Length - 1)
                throw new InvalidOperationException($"Only {_row} of {_rowStart.Length - 1} rows were ended.");
            // The arrays may be longer than the entries: EntryCount comes from the row starts, not the lengths.
            return new SparseRows<T>(_rowStart, _columns, _values, _rented);
        }

        private void Grow()
        {
            var size = Math.Max(16, _columns.Length * 2);
            var columns = _rented ? ArrayPool<int>.Shared.Rent(size) : new int[size];
            var values = _rented ? ArrayPool<T>.Shared.Rent(size) : new T[size];
            _columns.AsSpan(0, _count).CopyTo(columns);
            _values.AsSpan(0, _count).CopyTo(values);
            if (_rented)
            {
                ArrayPool<int>.Shared.Return(_columns);
                ArrayPool<T>.Shared.Return(_values);
            }
            _columns = columns;
            _values = values;
        }
    }
}
