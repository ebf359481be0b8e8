"""Services: one module per area, each taking a sessionmaker and returning plain values."""
