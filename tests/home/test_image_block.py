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
        assert isinstance(body.child_blocks["image"], ImageWithCaptionBlock), body


def test_only_newsletters_change_it_and_only_its_web_template():
    image = NewsletterBodyBlock().child_blocks["image"]
    assert type(image).__mro__[1] is ImageWithCaptionBlock
    assert list(image.child_blocks) == ["image", "caption"]
    for body in (StandardBodyBlock(), MaterialBodyBlock(), ModuleBodyBlock()):
        assert type(body.child_blocks["image"]) is ImageWithCaptionBlock, body


def test_newsletters_keep_their_own_web_template_for_it():
    assert (
        NewsletterBodyBlock().child_blocks["image"].meta.template
        == "portal/newsletters/blocks/image.html"
    )
    assert MaterialBodyBlock().child_blocks["image"].meta.template == (
        "blocks/image_with_caption_block.html"
    )
