"""The consultation's rules as pure functions: valid answers, counting, suppression, comparison."""
