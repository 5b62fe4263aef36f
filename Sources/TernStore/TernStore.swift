// TernStore: module under construction on a branch; see its issue.
