"""One image-with-caption block for content pages, training and newsletters."""

from home.blocks import ImageWithCaptionBlock, StandardBodyBlock
from portal.newsletters.blocks import NewsletterBodyBlock
from training.blocks import MaterialBodyBlock, ModuleBodyBlock


def test_every_body_uses_the_one_image_with_caption_block_under_the_name_image():
    for body in (
        StandardBodyBlock(),
        MaterialBodyBlock(),
        ModuleBodyBlock(),
        NewsletterBodyBlock(),
    ):
        assert type(body.child_blocks["image"]) is ImageWithCaptionBlock, body


def test_newsletters_keep_their_own_web_template_for_it():
    assert (
        NewsletterBodyBlock().child_blocks["image"].meta.template
        == "portal/newsletters/blocks/image.html"
    )
    assert MaterialBodyBlock().child_blocks["image"].meta.template == (
        "blocks/image_with_caption_block.html"
    )
