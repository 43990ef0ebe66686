"""Usage statistics: daily counters with no identity, and what administrators may see of them."""
