"""`posters serve`: the gallery served live, rebuilt on every save, with review sign-off."""
