"""The consultation report decision makers read: built once as blocks, written as HTML and Word."""
