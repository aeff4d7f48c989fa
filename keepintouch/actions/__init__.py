"""What a user can do, one function each, shared by the command line and the app."""
