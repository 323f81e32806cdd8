"""The county page: 片长 queue, legal review, roster, plans and draws, published lists, quarterly figures."""
