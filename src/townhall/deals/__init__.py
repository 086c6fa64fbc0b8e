"""City deals: a register of deals, appraisal against their objectives and a low-carbon lens."""
