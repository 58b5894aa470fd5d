namespace Bittensor.Consensus;

/// <summary>
/// A sparse matrix stored row by row (compressed sparse rows): each row keeps its entries in the order they were
/// given, as the chain keeps weights and bonds (the order is observable, see yuma-spec §10.13). Rows are read as
/// spans, so walking a matrix allocates nothing.
/// </summary>
public sealed class SparseRows<T> where T : unmanaged
{
    internal readonly int[] RowStart;
    internal readonly int[] ColumnIndex;
    internal readonly T[] Value;

    internal SparseRows(int[] rowStart, int[] columnIndex, T[] value)
    {
        RowStart = rowStart;
        ColumnIndex = columnIndex;
        Value = value;
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

    public SparseRows<T> Clone() => new((int[])RowStart.Clone(), (int[])ColumnIndex.Clone(), (T[])Value.Clone());

    /// <summary>Appends rows one entry at a time; the capacity grows if an estimate was too small.</summary>
    public sealed class Builder
    {
        private readonly int[] _rowStart;
        private int[] _columns;
        private T[] _values;
        private int _row;
        private int _count;

        public Builder(int rows, int capacity)
        {
            _rowStart = new int[rows + 1];
            _columns = GC.AllocateUninitializedArray<int>(Math.Max(capacity, 0));
            _values = GC.AllocateUninitializedArray<T>(Math.Max(capacity, 0));
        }

        public void Add(int column, T value)
        {
            if (_count == _columns.Length) Grow();
            _columns[_count] = column;
            _values[_count] = value;
            _count++;
        }

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
            return new SparseRows<T>(_rowStart, _columns, _values);
        }

        private void Grow()
        {
            var size = Math.Max(16, _columns.Length * 2);
            Array.Resize(ref _columns, size);
            Array.Resize(ref _values, size);
        }
    }
}
