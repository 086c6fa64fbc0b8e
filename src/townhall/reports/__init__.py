"""Shared report building: self-contained HTML pages, Excel workbooks and charts."""
