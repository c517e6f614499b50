"""Where the figures belong: the 101 DGDDI units and their INSEE départements and régions, the Territoires d'industrie."""
