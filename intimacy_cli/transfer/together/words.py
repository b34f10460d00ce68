"""The safety phrase's words: 256 plain English words, one for each byte value.

Fixed forever for version 1 of the protocol: both screens must turn the same
bytes into the same words, whichever release of the app each partner runs.
Short concrete nouns, easy to say aloud and tell apart.
"""

WORDS: tuple[str, ...] = (
    "acorn", "actor", "adult", "agent", "alarm", "album", "alley", "amber", "angle",
    "ankle", "apple", "apron", "arena", "arrow", "aspen", "atlas", "attic", "autumn",
    "bacon", "badge", "bagel", "baker", "bamboo", "banjo", "barn", "basil", "basket",
    "beach", "beacon", "beard", "beaver", "bell", "bench", "berry", "bison", "blanket",
    "blossom", "boat", "bone", "book", "boot", "bottle", "brick", "bridge", "brook",
    "broom", "bubble", "bucket", "bugle", "butter", "button", "cabin", "cactus", "camel",
    "candle", "canoe", "canyon", "carpet", "carrot", "castle", "cedar", "cello", "chair",
    "chalk", "cherry", "chess", "chimney", "cider", "circle", "clock", "cloud", "clover",
    "coast", "cobalt", "comet", "copper", "coral", "cotton", "cradle", "crane", "crayon",
    "cricket", "crown", "cup", "daisy", "dawn", "delta", "desert", "diamond", "dolphin",
    "donkey", "door", "dragon", "drum", "eagle", "earth", "easel", "echo", "elbow", "elm",
    "ember", "engine", "falcon", "fern", "ferry", "fiddle", "field", "finch", "flame",
    "flute", "forest", "fossil", "fox", "frost", "garden", "garlic", "ginger", "glacier",
    "globe", "goat", "grape", "gravel", "guitar", "hammer", "harbor", "harp", "hazel",
    "heron", "hill", "honey", "hook", "horse", "island", "ivory", "jacket", "jasmine",
    "jelly", "jewel", "kettle", "kite", "koala", "ladder", "lake", "lamp", "lantern",
    "lemon", "lily", "lime", "linen", "lion", "lizard", "lobster", "lotus", "magnet",
    "mango", "maple", "marble", "meadow", "melon", "meteor", "mint", "mirror", "mitten",
    "moon", "moose", "moss", "mountain", "mouse", "mug", "needle", "nest", "noodle",
    "nutmeg", "oak", "oasis", "ocean", "olive", "onion", "orange", "orbit", "otter", "owl",
    "paddle", "palm", "panda", "paper", "parrot", "peach", "pebble", "pencil", "pepper",
    "piano", "pillow", "pine", "planet", "plum", "pocket", "pond", "poppy", "potato",
    "puzzle", "quail", "quilt", "rabbit", "radio", "rain", "raven", "reef", "ribbon",
    "river", "robin", "rocket", "saddle", "salmon", "sand", "scarf", "shell", "shore",
    "silver", "sled", "snail", "snow", "sofa", "spoon", "spruce", "squirrel", "star",
    "stone", "straw", "sugar", "summit", "sunset", "swan", "table", "teapot", "tiger",
    "timber", "toast", "tomato", "tulip", "tunnel", "turtle", "umbrella", "valley",
    "velvet", "violin", "walnut", "walrus", "whale", "wheat", "willow", "window", "winter",
    "wolf", "wool", "yarn",
)
